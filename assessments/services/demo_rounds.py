"""Demo assessments: two approved rounds, the April 2026 mergers, and this year's round part-way.

- 2024/25 and 2025/26 (WGLL 1.0.0): every organisation answered and approved, scores frozen by
  the same `scores_freeze` as any approval, before the status says approved (the database
  refuses changes to an approved assessment's scores and answers).
- 1 April 2026: systems merge, recorded through the real merger service (`system_merge`):
  Norfolk and Waveney with Suffolk and North East Essex become Norfolk and Suffolk, and North
  West London with North Central London become North London. The successors' codes are
  placeholders: the real ones are not verified (they are data, not code).
- 2026/27 (WGLL 2.0.0): launched after the mergers (so on the new footprint), pre-filled from
  2025/26, and part-way: some approved, some submitted, some in progress, some not started.

Plainly synthetic and deterministic (fixed seeds: an organisation's lean and yearly improvement
come from its ODS code), shaped like the published national picture: smart foundations
strongest, empowering citizens weakest, a national mean near 2.4, improving a little each
year, ICBs and acute trusts ahead of general practice. Idempotent: a round that exists, or a
merger whose successor exists, is left as it is.
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from frameworks.models import FrameworkVersion, Measure, Question

from .. import scoring
from ..models import Answer, Assessment, AuditEvent, Round, System
from .mergers import system_merge
from .rounds import round_launch
from .scores import scores_freeze

SEED = 2026
APPROVED, SUBMITTED, IN_PROGRESS, NOT_STARTED = "approved", "submitted", "in progress", "new"


@dataclass(frozen=True)
class DemoRound:
    name: str
    version: str
    opens_on: dt.date
    closes_on: dt.date
    year: int  # years since the first round: how far organisations have improved
    complete: bool  # every assessment approved, or part-way


ROUNDS = [
    DemoRound("2024/25 assessment", "1.0.0", dt.date(2024, 5, 1), dt.date(2024, 9, 30), 0, True),
    DemoRound("2025/26 assessment", "1.0.0", dt.date(2025, 5, 1), dt.date(2025, 9, 30), 1, True),
    DemoRound("2026/27 assessment", "2.0.0", dt.date(2026, 5, 1), dt.date(2027, 3, 31), 2, False),
]
MERGED_ON = dt.date(2026, 4, 1)
# (successor code, name, merged systems): data, as they would be imported.
MERGERS = [
    ("QNS", "NHS Norfolk and Suffolk Integrated Care Board", ["QMM", "QJG"]),
    ("QNL", "NHS North London Integrated Care Board", ["QRV", "QMJ"]),
]
TAKING_PART = ["acute", "mental_health", "community", "ambulance", "icb", "general_practice"]
# Typical level by measure key, before each organisation's own lean.
MEASURE_MEANS = {
    "well-led": 2.6,
    "smart-foundations": 3.1,
    "safe-practice": 2.7,
    "support-people": 2.2,
    "empower-citizens": 1.9,
    "improve-care": 2.3,
    "healthy-populations": 2.1,
}
SETTING_SHIFT = {
    "icb": 0.3,
    "acute": 0.2,
    "ambulance": 0.1,
    "mental_health": -0.1,
    "community": -0.2,
    "general_practice": -0.35,
}
# How far this year's round has got: the share of assessments at each stage, cumulative.
PROGRESS = [(0.3, APPROVED), (0.5, SUBMITTED), (0.82, IN_PROGRESS), (1.0, NOT_STARTED)]
NA_REASON = "Provided for us by a partner organisation (demo)."


@dataclass(frozen=True)
class DemoRoundsResult:
    rounds_added: int
    assessments_added: int
    mergers_added: int = 0

    def __str__(self) -> str:
        return (
            f"Demo rounds: {self.rounds_added} round(s) and {self.assessments_added} "
            f"assessment(s) added; {self.mergers_added} merger(s) recorded."
        )


def _version(number: str) -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(framework__key="wgll", version=number).first()


@transaction.atomic
def demo_rounds_load(*, by, demo_organisation: str = "") -> DemoRoundsResult:
    """Load the demo rounds and mergers. `demo_organisation` (an ODS code) is where the demo
    respondents work: this year's assessment there is left in progress for them."""
    rounds = assessments = mergers = 0
    # The approved rounds are all launched before any is answered, so none is pre-filled from
    # another (each is answered afresh); this year's round is pre-filled from last year's.
    to_answer: list[tuple[Round, DemoRound]] = []
    for plan in ROUNDS:
        if not plan.complete:
            for round_, done in to_answer:
                _answer_and_approve(round_, done, by)
            to_answer = []
        if plan.opens_on >= MERGED_ON:
            mergers += _merge()
        version = _version(plan.version)
        if version is None or Round.objects.filter(name=plan.name).exists():
            continue
        round_ = Round.objects.create(
            name=plan.name,
            framework_version=version,
            opens_on=plan.opens_on,
            closes_on=plan.closes_on,
            care_settings=TAKING_PART,
        )
        assessments += round_launch(round_=round_, by=by)
        rounds += 1
        if plan.complete:
            to_answer.append((round_, plan))
        else:
            _part_way(round_, plan, by, demo_organisation)
    for round_, done in to_answer:
        _answer_and_approve(round_, done, by)
    return DemoRoundsResult(rounds, assessments, mergers)


def _merge() -> int:
    done = 0
    existing = set(System.objects.values_list("ods_code", flat=True))
    for code, name, merged in MERGERS:
        if code in existing or not set(merged) <= existing:
            continue
        system_merge(into_code=code, name=name, from_codes=merged, on=MERGED_ON)
        done += 1
    return done


# --- levels -----------------------------------------------------------------------------------


def _profile(ods_code: str) -> tuple[float, float]:
    """An organisation's own lean and yearly improvement, the same in every round."""
    rng = random.Random(f"{SEED}:{ods_code}")
    return rng.gauss(0, 0.45), max(-0.1, rng.gauss(0.2, 0.15))


def _level(rng: random.Random, measure: str, setting: str, profile, year: int) -> int:
    lean, growth = profile
    mean = MEASURE_MEANS.get(measure, 2.4) + SETTING_SHIFT.get(setting, 0) + lean + growth * year
    return max(1, min(5, round(rng.gauss(mean, 0.7))))


def _questions(version):
    measures = list(Measure.objects.filter(version=version).order_by("order"))
    questions = list(
        Question.objects.filter(version=version)
        .select_related("measure")
        .order_by("measure__order", "order")
    )
    return [scoring.MeasureSpec(m.key, m.weight) for m in measures], questions


def _score(measure_specs, applicable, recorded) -> scoring.Scores:
    return scoring.score_assessment(
        measures=measure_specs,
        questions=[scoring.QuestionSpec(q.key, q.measure.key, q.weight) for q in applicable],
        answers=recorded,
    )


def _event(assessment, by, before, after, comment) -> AuditEvent:
    return AuditEvent(
        assessment=assessment,
        actor=by,
        action=AuditEvent.Action.STATUS,
        before={"status": before},
        after={"status": after},
        comment=comment,
    )


def _approve(frozen, by, now, before="draft") -> None:
    """Freeze the scores first (same `scores_freeze` as approval), then mark them approved."""
    scores_freeze(frozen)
    assessments = [assessment for assessment, _ in frozen]
    for assessment in assessments:
        assessment.status = Assessment.Status.APPROVED
        assessment.submitted_at = assessment.decided_at = now
    Assessment.objects.bulk_update(
        assessments, ["status", "submitted_at", "decided_at"], batch_size=500
    )
    AuditEvent.objects.bulk_create(
        (
            _event(a, by, before, "approved", "Demo data: answered and approved when loaded.")
            for a in assessments
        ),
        batch_size=2000,
    )


# --- an approved round ------------------------------------------------------------------------


def _answer_and_approve(round_: Round, plan: DemoRound, by) -> None:
    """Answer every question of every assessment in the round, then approve them all."""
    rng = random.Random(f"{SEED}:{plan.name}")
    measure_specs, questions = _questions(round_.framework_version)
    now = timezone.now()
    assessments = list(
        Assessment.objects.filter(round=round_).select_related("organisation").order_by("pk")
    )
    answers, frozen = [], []
    for assessment in assessments:
        profile = _profile(assessment.organisation.ods_code)
        applicable = [q for q in questions if assessment.care_setting in q.applies_to]
        recorded = {}
        for question in applicable:
            if rng.random() < 0.04:
                recorded[question.key] = scoring.Answer(not_applicable=True)
                answers.append(
                    Answer(
                        assessment=assessment,
                        question=question,
                        not_applicable=True,
                        revision=1,
                        not_applicable_reason=NA_REASON,
                    )
                )
                continue
            level = _level(rng, question.measure.key, assessment.care_setting, profile, plan.year)
            recorded[question.key] = scoring.Answer(level=level)
            answers.append(
                Answer(
                    assessment=assessment,
                    question=question,
                    level=level,
                    target_level=min(5, level + rng.choice((0, 1, 1, 2))),
                    revision=1,
                )
            )
        frozen.append((assessment, _score(measure_specs, applicable, recorded)))
    Answer.objects.bulk_create(answers, batch_size=2000)
    _approve(frozen, by, now)


# --- this year's round, part-way --------------------------------------------------------------


def _stage(ods_code: str) -> str:
    draw = random.Random(f"{SEED}:stage:{ods_code}").random()
    return next(stage for limit, stage in PROGRESS if draw < limit)


def _part_way(round_: Round, plan: DemoRound, by, demo_organisation: str) -> None:
    """Pre-filled from last year at launch; now some assessments are approved, some
    submitted, some in progress (part confirmed or changed), some not started."""
    rng = random.Random(f"{SEED}:{plan.name}")
    measure_specs, questions = _questions(round_.framework_version)
    now = timezone.now()
    assessments = list(
        Assessment.objects.filter(round=round_).select_related("organisation").order_by("pk")
    )
    carried = defaultdict(dict)  # assessment id -> question key -> (answer id, level, n/a)
    for pk, assessment_id, key, level, na in Answer.objects.filter(
        assessment__round=round_
    ).values_list("pk", "assessment_id", "question__key", "level", "not_applicable"):
        carried[assessment_id][key] = (pk, level, na)

    relevel: dict[int, list[int]] = defaultdict(list)  # new level -> answer ids
    confirm: list[int] = []
    new_answers, frozen, submitted = [], [], []
    for assessment in assessments:
        code = assessment.organisation.ods_code
        stage = IN_PROGRESS if code == demo_organisation else _stage(code)
        if stage == NOT_STARTED:
            continue
        profile = _profile(code)
        applicable = [q for q in questions if assessment.care_setting in q.applies_to]
        share = 1.0 if stage in (APPROVED, SUBMITTED) else rng.uniform(0.2, 0.7)
        recorded = {}
        for question in applicable:
            if rng.random() >= share:
                continue
            pk, level, na = carried[assessment.pk].get(question.key, (None, None, False))
            if pk is not None and (na or rng.random() < 0.6):  # last year's answer still holds
                confirm.append(pk)
                recorded[question.key] = scoring.Answer(level=level, not_applicable=na)
                continue
            setting = assessment.care_setting
            new = _level(rng, question.measure.key, setting, profile, plan.year)
            recorded[question.key] = scoring.Answer(level=new)
            if pk is not None:
                relevel[new].append(pk)
            else:
                new_answers.append(
                    Answer(assessment=assessment, question=question, level=new, revision=1)
                )
        if stage == APPROVED:
            frozen.append((assessment, _score(measure_specs, applicable, recorded)))
        elif stage == SUBMITTED:
            submitted.append(assessment)

    Answer.objects.bulk_create(new_answers, batch_size=2000)
    for level, ids in [(None, confirm), *relevel.items()]:
        changes = {"from_last_year": False, "revision": F("revision") + 1}
        if level is not None:
            changes["level"] = level
        for start in range(0, len(ids), 900):
            Answer.objects.filter(pk__in=ids[start : start + 900]).update(**changes)
    for assessment in submitted:
        assessment.status = Assessment.Status.SUBMITTED
        assessment.submitted_at = now
    Assessment.objects.bulk_update(submitted, ["status", "submitted_at"], batch_size=500)
    AuditEvent.objects.bulk_create(
        (_event(a, by, "draft", "submitted", "Demo data: submitted.") for a in submitted),
        batch_size=2000,
    )
    _approve(frozen, by, now)
