"""The fault tests' data, built once per run in a subprocess against the private PostgreSQL
(`python -m tests.faults.world [--migrate]`): the documents' plan world (West Yorkshire, QWO, with approved
assessments to print), its SRO `sro`, and `respondent` of Dewsbury Health, whose 2025/26
assessment is open; `analyst` of the region and `national`, a national administrator; a read-only
API token of the SRO's; a published benchmark with one provider's score (Aire Valley Hospitals,
3.4 on well-led), shown on the system's dashboard, the region's comparison and the national page.
Prints what the tests need as JSON. Every account's password is PASSWORD."""

import json
import os
import sys

import django

PASSWORD = "fault-tests-password-2026"


def build() -> dict:
    from decimal import Decimal

    from django.db import transaction

    from assessments.models import Answer, Assessment, Organisation, Role
    from assessments.services import api_token_create
    from frameworks.models import Question
    from reports.models import Benchmark, BenchmarkScore
    from tests.factories import PersonaFactory
    from tests.reports.documents import plan_world

    with transaction.atomic():
        current, _, systems = plan_world.build(size=4)
        system = systems[0]
        open_ = Assessment.objects.get(round=current, status="submitted")
        Assessment.objects.filter(pk=open_.pk).update(status="draft")
        sro = PersonaFactory(username="sro", password=PASSWORD, role=Role.SRO, at=system)
        PersonaFactory(username="analyst", password=PASSWORD, role=Role.ANALYST, at=system.region)
        token = api_token_create(by=sro, name="Fault tests", scope="read")
        approved = Assessment.objects.get(
            round=current, organisation__name="Aire Valley Hospitals", status="approved"
        )
        PersonaFactory(
            username="respondent", password=PASSWORD, role=Role.RESPONDENT, at=open_.organisation
        )
        national = PersonaFactory(username="national", password=PASSWORD, role=Role.NATIONAL_ADMIN)
        benchmark = Benchmark.objects.create(
            name="2025 national results",
            framework_version=current.framework_version,
            source_name="2025.xlsx",
            checksum="a" * 64,
            organisation_count=1,
            imported_by=national,
        )
        BenchmarkScore.objects.create(
            benchmark=benchmark,
            organisation=Organisation.objects.get(name="Aire Valley Hospitals"),
            system=system,
            care_setting="acute",
            measure_key=Question.objects.get(
                version=current.framework_version, key="wl-strategy"
            ).measure.key,
            score=Decimal("3.4"),
            row=5,
        )
        answer = Answer.objects.select_related("question__measure").get(
            assessment=open_, question__key="sf-network"
        )
    return {
        "round": current.pk,
        "system": system.ods_code,
        "region": system.region.ods_code,
        "approved": approved.pk,
        "token": token.secret,
        "assessment": open_.pk,
        "question": answer.question.key,
        "measure": answer.question.measure.key,
        "revision": answer.revision,
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()
    if "--migrate" in sys.argv:  # first, in the same process: one Django start-up, not two
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    print(json.dumps(build()))
