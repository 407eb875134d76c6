"""A small, hand-computable map for the aggregation tests.

    North East and Yorkshire (Y63)                                 South West (Y58)
      West Yorkshire (QWO)                North East (QHM)           Devon (QJK)
        acute   A1 2.5    A2 3.25           acute T1 3.0               community E1 2.4
        mental  M1 1.75 (no well-led)       GP    G6 1.5, G7 2.5       GP        G8 4.0
        commun. C1 submitted                ICB   3.4                  ICB       submitted
        GP      G1 2.0 G2 2.2 G3 3.0 G4 3.6, G5 not started
        ICB     2.8
        ambulance AMB 2.1 (hosted here, also serves QHM)

One round, opened 1 May 2025, on a small published framework. Scores are frozen directly:
the aggregation reads frozen scores and nothing else. Each organisation's well-led score is
its overall score plus 0.5 (M1 has none: a measure with no answered question).
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from assessments.models import (
    Assessment,
    Organisation,
    Region,
    Round,
    Score,
    System,
    SystemMembership,
)
from frameworks.services import version_import
from tests.frameworks.documents import document, dump

START = dt.date(2022, 7, 1)
OPENS = dt.date(2025, 5, 1)
APPROVED, SUBMITTED, DRAFT = "approved", "submitted", "draft"

# code, setting, host system, other systems, status, overall score
ORGANISATIONS = [
    ("A1", "acute", "QWO", (), APPROVED, "2.5"),
    ("A2", "acute", "QWO", (), APPROVED, "3.25"),
    ("M1", "mental_health", "QWO", (), APPROVED, "1.75"),
    ("C1", "community", "QWO", (), SUBMITTED, None),
    ("G1", "general_practice", "QWO", (), APPROVED, "2.0"),
    ("G2", "general_practice", "QWO", (), APPROVED, "2.2"),
    ("G3", "general_practice", "QWO", (), APPROVED, "3.0"),
    ("G4", "general_practice", "QWO", (), APPROVED, "3.6"),
    ("G5", "general_practice", "QWO", (), DRAFT, None),
    ("ICB1", "icb", "QWO", (), APPROVED, "2.8"),
    ("AMB", "ambulance", "QWO", ("QHM",), APPROVED, "2.1"),
    ("T1", "acute", "QHM", (), APPROVED, "3.0"),
    ("G6", "general_practice", "QHM", (), APPROVED, "1.5"),
    ("G7", "general_practice", "QHM", (), APPROVED, "2.5"),
    ("ICB2", "icb", "QHM", (), APPROVED, "3.4"),
    ("E1", "community", "QJK", (), APPROVED, "2.4"),
    ("G8", "general_practice", "QJK", (), APPROVED, "4.0"),
    ("ICB3", "icb", "QJK", (), SUBMITTED, None),
]
NO_WELL_LED = {"M1"}


def build(round_name: str = "2025/26 assessment", opens: dt.date = OPENS, words=None):
    north = Region.objects.create(ods_code="Y63", name="North East and Yorkshire")
    south = Region.objects.create(ods_code="Y58", name="South West")
    systems = {
        code: System.objects.create(ods_code=code, name=name, region=region, valid_from=START)
        for code, name, region in (
            ("QWO", "West Yorkshire", north),
            ("QHM", "North East", north),
            ("QJK", "Devon", south),
        )
    }
    doc = document("1.0.0")
    if words:  # the framework's own vocabulary (`framework.vocabulary`)
        doc["framework"]["vocabulary"] = words
    version = version_import(source=dump(doc), filename="t.yaml", publish=True)
    round_ = Round.objects.create(
        name=round_name,
        framework_version=version,
        opens_on=opens,
        closes_on=opens + dt.timedelta(days=150),
        care_settings=sorted({o[1] for o in ORGANISATIONS}),
        launched_at=timezone.now(),
    )
    organisations = {}
    for code, setting, host, others, status, overall in ORGANISATIONS:
        organisation = Organisation.objects.create(
            ods_code=f"Z{code}", name=code, care_setting=setting
        )
        organisations[code] = organisation
        for system_code in (host, *others):
            SystemMembership.objects.create(
                organisation=organisation,
                system=systems[system_code],
                is_host=system_code == host,
                valid_from=START,
            )
        freeze(round_, organisation, status, overall)
    return round_, north, south, systems, organisations


def freeze(round_, organisation, status, overall):
    assessment = Assessment.objects.create(
        round=round_,
        organisation=organisation,
        framework_version=round_.framework_version,
        care_setting=organisation.care_setting,
        status=SUBMITTED if status == APPROVED else status,
        decided_at=timezone.now() if status == APPROVED else None,
        overall_score=Decimal(overall) if status == APPROVED else None,
    )
    if status == APPROVED:
        # Scores first, then the status: the database refuses scores of an approved assessment.
        Score.objects.create(assessment=assessment, kind="overall", key="", score=Decimal(overall))
        well_led = None if organisation.name in NO_WELL_LED else Decimal(overall) + Decimal("0.5")
        Score.objects.create(assessment=assessment, kind="measure", key="well-led", score=well_led)
        Score.objects.create(assessment=assessment, kind="question", key="q", score=Decimal(3))
        assessment.status = APPROVED
        assessment.save(update_fields=["status"])
    return assessment
