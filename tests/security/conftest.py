"""The seeded world the attack tests walk: tests/assessments/world.py's map, with West
Yorkshire's data in every place a URL can name (an assessment with answers, evidence files and
links, a plan with an action, a document, a region's batch, a role, a kept benchmark upload, an
invitation, a draft-only framework), each carrying words that must never reach an outsider.

`victim.values` says, for each URL parameter, which of those objects to put there (see
tests/security/routes.py's `fill`). A new route whose parameters are not named here fails
tests/security/test_other_organisations.py.
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments.models import (
    AdminEvent,
    Assessment,
    Evidence,
    Membership,
    Role,
)
from assessments.services import answer_save, evidence_add_file, evidence_add_link
from assessments.services.tokens import api_token_create
from frameworks.models import Question
from reports.benchmarks.uploads import upload_keep
from reports.documents.models import Report, ReportBatch
from reports.plans.services import action_add, plan_start
from tests.assessments.test_evidence_files import make_pdf
from tests.factories import (
    BareFrameworkVersionFactory,
    FrameworkFactory,
    PersonaFactory,
    RoundFactory,
)

# Words of West Yorkshire's that no outsider's response may contain.
SECRET_NOTE = "Northmoor board minutes say the EPR go-live slipped"
SECRET_FILE = "northmoor-confidential-board-paper.pdf"
SECRET_LINK_TITLE = "Northmoor cyber incident review"
SECRET_ACTION = "Replace West Yorkshire's shared care record contract"
SECRET_FRAMEWORK = "Unreleased maturity framework"


@dataclass
class Victim:
    world: object
    assessment: Assessment
    values: dict
    secrets: list[str] = field(default_factory=list)

    def leaks(self, body: str) -> list[str]:
        """The victim's names, codes and data found in a response body."""
        import re

        found = []
        for secret in self.secrets:
            pattern = rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])"
            if re.search(pattern, body, flags=re.IGNORECASE if " " in secret else 0):
                found.append(secret)
        return found


@pytest.fixture
def victim(world, django_capture_on_commit_callbacks) -> Victim:
    """West Yorkshire's (and Northmoor's) data in every place a URL can name."""
    w = world
    round_ = RoundFactory(launched_by=w.national, care_settings=["acute", "community"])
    assessment = Assessment.objects.get(round=round_, organisation=w.northmoor)
    questions = list(
        Question.objects.filter(measure__version=round_.framework_version).select_related("measure")
    )
    question = questions[0]
    answer_save(
        assessment=assessment,
        question=question,
        by=w.respondent,
        expected_revision=0,
        level=2,
        notes=SECRET_NOTE,
    )
    upload = SimpleUploadedFile(SECRET_FILE, make_pdf(), content_type="application/pdf")
    file_evidence = evidence_add_file(
        assessment=assessment, question=question, upload=upload, by=w.respondent
    )
    link_evidence = evidence_add_link(
        assessment=assessment,
        question=question,
        url="https://intranet.northmoor.example.nhs.uk/cyber",
        title=SECRET_LINK_TITLE,
        by=w.respondent,
    )
    plan_version = plan_start(subject=w.west_yorkshire, round_=round_, by=w.sro)
    action = action_add(
        version=plan_version,
        measure_key=question.measure.key,
        title=SECRET_ACTION,
        by=w.sro,
    )
    pdf = default_storage.save("reports/security-test.pdf", ContentFile(make_pdf()))
    report = Report.objects.create(
        kind=Report.Kind.SYSTEM_PLAN,
        round=round_,
        system=w.west_yorkshire,
        requested_by=w.sro,
        status=Report.Status.READY,
        file=pdf,
        finished_at=timezone.now(),
    )
    batch = ReportBatch.objects.create(
        kind=Report.Kind.SYSTEM_PLAN, region=w.north, round=round_, requested_by=w.analyst
    )
    token = upload_keep(
        content=b"measure,score\n",
        file_name="national.csv",
        name="National 2025",
        version_id=w.published.pk,
        by=w.national,
    )
    # A framework only its authors may see: a draft, never published.
    hidden = BareFrameworkVersionFactory(
        framework=FrameworkFactory(key="unreleased", name=SECRET_FRAMEWORK),
        framework_key="unreleased",
        framework_name=SECRET_FRAMEWORK,
        version="0.9.0",
    )
    membership = Membership.objects.get(user=w.respondent, organisation=w.northmoor)
    api_token = api_token_create(
        by=w.respondent, name="Northmoor's reporting", scope="read", organisation=w.northmoor
    ).token
    ct_organisation = ContentType.objects.get_for_model(w.northmoor).pk
    ct_assessment = ContentType.objects.get_for_model(assessment).pk
    events = AdminEvent.objects.filter(person=w.respondent).values_list("pk", flat=True)

    system, organisation, region = w.west_yorkshire, w.northmoor, w.north
    values = {
        # Pages and downloads: the segment before a parameter says what it names.
        ("regions", "ods_code"): [region.ods_code],
        ("systems", "ods_code"): [system.ods_code],
        ("organisations", "ods_code"): [organisation.ods_code],
        ("assessments", "pk"): [assessment.pk],
        ("assessments", "assessment_pk"): [assessment.pk],
        ("measures", "measure_key"): [question.measure.key],
        ("questions", "question_key"): [question.key],
        ("evidence", "evidence_pk"): [file_evidence.pk, link_evidence.pk],
        ("roles", "pk"): [membership.pk],
        ("people", "user_pk"): [w.respondent.pk],
        ("rounds", "pk"): [round_.pk],
        ("rounds", "round_id"): [round_.pk],
        ("plans", "round_id"): [round_.pk],
        ("actions", "pk"): [action.pk],
        ("documents", "pk"): [report.pk],
        # The API (/api/v1/): the same objects under its own words.
        ("api-tokens", "pk"): [api_token.pk],
        ("systems", "code"): [system.ods_code],
        ("regions", "code"): [region.ods_code],
        ("answers", "question_key"): [question.key],
        ("reports", "pk"): [report.pk],
        ("plans", "pk"): [plan_version.plan_id],
        ("versions", "number"): [plan_version.number],
        ("actions", "action_pk"): [action.pk],
        ("frameworks", "framework"): [hidden.framework.key],
        ("batches", "pk"): [batch.pk],
        ("document-batches", "pk"): [batch.pk],
        # Downloads by scope: a region's or a system's code.
        (None, "scope"): ["region", "system"],
        ("region", "code"): [region.ods_code],
        ("system", "code"): [system.ods_code],
        (None, "fmt"): ["csv", "xlsx"],
        # Django REST framework's format suffixes (`/api/.../7.json`).
        (None, "format"): ["json"],
        # Plans: a system's or an organisation's.
        (None, "kind"): ["systems", "organisations"],
        # Secrets held by someone else: a kept upload of the national administrator's, and
        # an invitation link nobody was given (possession of a real one is the authority).
        ("import", "token"): [token],
        ("invitations", "token"): ["forged-" + "x" * 40],
        # Frameworks: a draft only its authors may see.
        ("frameworks", "framework_key"): [hidden.framework.key],
        (None, "version"): [hidden.version],
        # The admin: the object of the model the URL names.
        ("region", "object_id"): [region.pk],
        ("system", "object_id"): [system.pk],
        ("organisation", "object_id"): [organisation.pk],
        ("membership", "object_id"): [membership.pk],
        ("adminevent", "object_id"): list(events[:1]),
        ("round", "object_id"): [round_.pk],
        ("assessment", "object_id"): [assessment.pk],
        ("user", "object_id"): [w.respondent.pk],
        ("user", "id"): [w.respondent.pk],
        ("group", "object_id"): [w.respondent.groups.first().pk]
        if w.respondent.groups.exists()
        else [1],
        ("accessattempt", "object_id"): [1],
        ("accesslog", "object_id"): [1],
        ("accessfailurelog", "object_id"): [1],
        ("framework", "object_id"): [hidden.framework.pk],
        ("frameworkversion", "object_id"): [hidden.pk],
        ("measure", "object_id"): [question.measure.pk],
        ("question", "object_id"): [question.pk],
        ("r", "content_type_id"): [ct_organisation, ct_assessment],
        (str(ct_organisation), "object_id"): [organisation.pk],
        (str(ct_assessment), "object_id"): [assessment.pk],
        (None, "app_label"): ["assessments"],
        (None, "url"): [f"assessments/organisation/{organisation.pk}/change/"],
    }
    secrets = [
        organisation.name,
        organisation.ods_code,
        system.name,
        system.ods_code,
        region.name,
        region.ods_code,
        "Rosa Respondent",
        SECRET_NOTE,
        SECRET_FILE,
        SECRET_LINK_TITLE,
        SECRET_ACTION,
        SECRET_FRAMEWORK,
        "intranet.northmoor.example.nhs.uk",
    ]
    assert Evidence.objects.filter(assessment=assessment).count() == 2
    return Victim(world=w, assessment=assessment, values=values, secrets=secrets)


@pytest.fixture
def attackers(world):
    """People outside West Yorkshire's Northmoor: another organisation of the same system,
    an SRO of another system of the same region, and people of another region."""
    return {
        "respondent of another organisation in the system": PersonaFactory(
            username="neighbour", role=Role.RESPONDENT, at=world.calderbrook
        ),
        "SRO of another system in the region": PersonaFactory(
            username="neighbour_sro", role=Role.SRO, at=world.north_east
        ),
        "respondent of another region": world.other_respondent,
        "SRO of another region's system": world.other_sro,
        "analyst of another region": world.other_analyst,
    }


__all__ = ["dt"]
