"""A hand-computable system for the transformation plan tests (and the browser test).

Framework "plantest" (differently shaped from WGLL): three measures,
    data   (weight 2): d1 (weight 1), d2 (weight 2)
    people (weight 1): p1                             depends_on: [data]      (chained=True)
    care   (weight 3): c1                             depends_on: [people]    (chained=True)

System "Riverside" (QRV) hosts two acute trusts and its ICB; all approved:
            d1      d2      p1      c1          (level / target level)
    Alder   2 / 3   1 / 3   3 / -   1 / 2
    Birch   4 / 4   3 / -   2 / -   2 / -
    ICB     1 / 5   1 / 5   1 / 5   1 / 5       (left out: the providers' figures)

By hand: scores   Alder data 4/3, people 3, care 1; Birch data 10/3, people 2, care 2
         system   data 7/3 (2.33), people 2.5, care 1.5 (the providers' mean)
         targets  data (3 [Alder: (3*1+3*2)/3] + 4 [Birch]) / 2 = 3.5 (the organisations');
                  people: nobody set one, one level above 2.5 = 3; care: Alder's 2 alone = 2.0
         gaps x weight: data 7/6 x 2 = 2.33, people 0.5 x 1 = 0.5, care 0.5 x 3 = 1.5
         order, chained: data, people, care (foundations first); flat: data, care, people
         actions: d2 (mean 2, gap 1.5 x 2 = 3), d1 (mean 3, 0.5 x 1), p1 (2.5, 0.5), c1 (1.5, 0.5)
"""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from assessments.models import Answer, Assessment, Organisation, Role, Round
from assessments.selectors import compute_scores
from assessments.services import scores_freeze
from frameworks.models import Question
from frameworks.services import version_import
from tests.factories import (
    OrganisationFactory,
    PersonaFactory,
    RegionFactory,
    SystemFactory,
)
from tests.frameworks.documents import dump, question

LEVELS = {  # organisation: {question: (level or "n/a" for not applicable, target)}
    "Alder NHS Trust": {"d1": (2, 3), "d2": (1, 3), "p1": (3, None), "c1": (1, 2)},
    "Birch NHS Trust": {"d1": (4, 4), "d2": (3, None), "p1": (2, None), "c1": (2, None)},
    "Riverside ICB": {"d1": (1, 5), "d2": (1, 5), "p1": (1, 5), "c1": (1, 5)},
}


def framework(chained: bool = True, version: str = "1.0.0") -> dict:
    def measure(key, label, weight, questions, depends_on):
        found = {"key": key, "label": label, "weight": weight, "questions": questions}
        if chained and depends_on:
            found["depends_on"] = depends_on
        return found

    return {
        "format": "waymark-framework/1",
        "framework": {"key": "plantest", "name": "Plan test framework"},
        "version": version,
        "measures": [
            measure("data", "Data", 2, [question("d1"), question("d2", weight=2)], []),
            measure("people", "People", 1, [question("p1")], ["data"]),
            measure("care", "Care", 3, [question("c1")], ["people"]),
        ],
    }


def build(*, chained: bool = True, words: dict | None = None):
    region = RegionFactory(ods_code="Y60", name="Midlands")
    system = SystemFactory(
        ods_code="QRV", name="NHS Riverside Integrated Care Board", region=region
    )
    other = SystemFactory(ods_code="QOT", name="NHS Otherside Integrated Care Board", region=region)
    doc = framework(chained)
    if words:  # the framework's own vocabulary (`framework.vocabulary`)
        doc["framework"]["vocabulary"] = words
    version = version_import(source=dump(doc), filename="p.yaml", publish=True)
    round_ = Round.objects.create(
        name="2026/27 assessment",
        framework_version=version,
        opens_on=dt.date(2026, 5, 1),
        closes_on=dt.date(2026, 9, 30),
        care_settings=["acute", "icb"],
        launched_at=timezone.now(),
    )
    orgs = {}
    for name, code, setting in (
        ("Alder NHS Trust", "RAL", "acute"),
        ("Birch NHS Trust", "RBI", "acute"),
        ("Riverside ICB", "QRVI", "icb"),
    ):
        orgs[code] = OrganisationFactory(
            name=name, ods_code=code, care_setting=setting, member_of=[system]
        )
        _approved(round_, orgs[code], LEVELS[name])
    outsider_org = OrganisationFactory(name="Elm NHS Trust", ods_code="REL", member_of=[other])
    people = {
        "sro": PersonaFactory(
            username="sro", first_name="Sam", last_name="Rowe", role=Role.SRO, at=system
        ),
        "board": PersonaFactory(username="board", role=Role.BOARD_READER, at=system),
        "analyst": PersonaFactory(username="analyst", role=Role.ANALYST, at=region),
        "national": PersonaFactory(username="national", role=Role.NATIONAL_ADMIN),
        "respondent": PersonaFactory(username="respondent", role=Role.RESPONDENT, at=orgs["RAL"]),
        "approver": PersonaFactory(username="approver", role=Role.APPROVER, at=orgs["RAL"]),
        "org_board": PersonaFactory(username="org_board", role=Role.BOARD_READER, at=orgs["RAL"]),
        "other_sro": PersonaFactory(username="other_sro", role=Role.SRO, at=other),
        "outsider": PersonaFactory(username="outsider", role=Role.RESPONDENT, at=outsider_org),
    }
    return SimpleNamespace(
        system=system, other=other, round=round_, version=version, orgs=orgs, **people
    )


def _approved(round_: Round, organisation: Organisation, levels: dict) -> Assessment:
    assessment = Assessment.objects.create(
        round=round_,
        organisation=organisation,
        framework_version=round_.framework_version,
        care_setting=organisation.care_setting,
    )
    questions = {q.key: q for q in Question.objects.filter(version=round_.framework_version)}
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question=questions[key], level=level, target_level=target)
        if level != "n/a"
        else Answer(
            assessment=assessment,
            question=questions[key],
            not_applicable=True,
            not_applicable_reason="Not a service we run.",
            target_level=target,
        )
        for key, (level, target) in levels.items()
    )
    scores_freeze([(assessment, compute_scores(assessment))])
    Assessment.objects.filter(pk=assessment.pk).update(status="approved", decided_at=timezone.now())
    assessment.refresh_from_db()
    return assessment
