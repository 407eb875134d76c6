"""A region of systems whose organisations answered two rounds, for the documents' tests and
`make bench`: real answers, targets and evidence, scored and frozen by the real services.

West Yorkshire (QWO) has `size` providers: "Aire Valley Hospitals" and the rest of NAMES, all
acute, their levels taken from LEVELS in turn; the last one's 2025/26 assessment is submitted,
not approved; and an ICB. Providers with an even index set targets for well-led (one level above
their answer); nobody sets a target for foundations. The 2024/25 round has every level one lower
(at least 1). Other systems of the region (for a regional batch) copy the pattern.
"""

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from assessments.models import (
    Answer,
    Assessment,
    Evidence,
    Organisation,
    Region,
    Round,
    System,
    SystemMembership,
)
from assessments.selectors import compute_scores
from assessments.services.scores import scores_freeze
from frameworks.models import Question
from frameworks.services import version_import
from tests.frameworks.documents import document, dump

START = dt.date(2020, 7, 1)
NAMES = [
    "Aire Valley Hospitals",
    "Bradford Moor Trust",
    "Calder Community Care",
    "Dewsbury Health",
    "Elland Road Hospitals",
    "Fagley Mental Health",
    "Garforth Care",
    "Harrogate Fells Trust",
    "Ilkley Moor Hospitals",
    "Jubilee Community Trust",
    "Keighley Vale Trust",
    "Leeds Riverside Hospitals",
]
# per provider: wl-strategy, sf-network, sf-cyber levels in 2025/26
LEVELS = [(2, 3, 1), (3, 2, 2), (1, 2, 3), (4, 4, 3), (2, 1, 2), (3, 3, 4), (2, 3, 2), (5, 4, 5)]
OTHER_SYSTEMS = [
    ("QHM", "North East and North Cumbria"),
    ("QOQ", "Humber and North Yorkshire"),
    ("QF7", "South Yorkshire"),
    ("QYG", "Cheshire and Merseyside"),
    ("QE1", "Lancashire and South Cumbria"),
    ("QOP", "Greater Manchester"),
    ("QUA", "Cumbria Coast"),
    ("QT6", "Durham Dales"),
    ("QRV", "Teesside"),
    ("QJG", "Tyne Valley"),
]


def _round(name, version, opens):
    return Round.objects.create(
        name=name,
        framework_version=version,
        opens_on=opens,
        closes_on=opens + dt.timedelta(days=150),
        care_settings=["acute", "icb"],
        launched_at=timezone.now(),
    )


def _assess(round_, organisation, levels: dict[str, int], targets: dict, by, approved=True):
    assessment = Assessment.objects.create(
        round=round_,
        organisation=organisation,
        framework_version=round_.framework_version,
        care_setting=organisation.care_setting,
        status="submitted",  # answered and scored first: approved data cannot change
    )
    questions = {q.key: q for q in Question.objects.filter(version=round_.framework_version)}
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            question=questions[key],
            level=level,
            target_level=targets.get(key),
        )
        for key, level in levels.items()
    )
    Evidence.objects.create(
        assessment=assessment,
        question=questions[next(iter(levels))],
        kind="link",
        url="https://example.org/evidence",
        title="Board paper",
        added_by=by,
    )
    if approved:
        scores_freeze([(assessment, compute_scores(assessment))])
        Assessment.objects.filter(pk=assessment.pk).update(
            status="approved", decided_at=timezone.now()
        )
    return assessment


def build(size: int = 8, systems: int = 1, words: dict | None = None):
    """The region, its systems and both rounds; returns (current round, previous, systems).
    `words`: the framework's own vocabulary (`framework.vocabulary`), if any."""
    region = Region.objects.create(ods_code="Y63", name="North East and Yorkshire")
    doc = document("1.0.0")
    if words:
        doc["framework"]["vocabulary"] = words
    version = version_import(source=dump(doc), filename="t.yaml", publish=True)
    previous = _round("2024/25 assessment", version, dt.date(2024, 5, 1))
    current = _round("2025/26 assessment", version, dt.date(2025, 5, 1))
    made = []
    by = User.objects.create_user("plan-world", password=None)
    for index, (code, name) in enumerate([("QWO", "West Yorkshire"), *OTHER_SYSTEMS][:systems]):
        system = System.objects.create(ods_code=code, name=name, region=region, valid_from=START)
        made.append(system)
        for i in range(size):
            organisation = Organisation.objects.create(
                ods_code=f"R{index:02d}{i:02d}",
                name=NAMES[i % len(NAMES)] + ("" if index == 0 else f" ({name})"),
                care_setting="acute",
            )
            SystemMembership.objects.create(
                organisation=organisation, system=system, is_host=True, valid_from=START
            )
            strategy, network, cyber = LEVELS[i % len(LEVELS)]
            levels = {"wl-strategy": strategy, "sf-network": network, "sf-cyber": cyber}
            targets = {"wl-strategy": min(5, strategy + 1)} if i % 2 == 0 else {}
            _assess(current, organisation, levels, targets, by, approved=i < size - 1)
            _assess(previous, organisation, {k: max(1, v - 1) for k, v in levels.items()}, {}, by)
        icb = Organisation.objects.create(
            ods_code=f"Q{index:02d}ICB", name=f"{name} ICB", care_setting="icb"
        )
        SystemMembership.objects.create(
            organisation=icb, system=system, is_host=True, valid_from=START
        )
        _assess(current, icb, {"wl-board": 3, "sf-network": 2}, {}, by)
    return current, previous, made
