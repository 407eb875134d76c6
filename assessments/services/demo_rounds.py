"""Demo assessments: last year's round approved everywhere, this year's open and pre-filled.

Plainly synthetic answers, deterministic (a fixed seed), shaped like the published national
picture: smart foundations strongest, empowering citizens weakest, a national mean near 2.4.
Idempotent: a round that exists is left as it is.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from frameworks.models import FrameworkVersion, Measure, Question

from .. import scoring
from ..models import Answer, Assessment, AuditEvent, Round
from .rounds import round_launch
from .scores import scores_freeze

SEED = 2026
LAST_YEAR = ("2025/26 assessment", "1.0.0", dt.date(2025, 5, 1), dt.date(2025, 9, 30))
THIS_YEAR = ("2026/27 assessment", "2.0.0", dt.date(2026, 5, 1), dt.date(2027, 3, 31))
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


@dataclass(frozen=True)
class DemoRoundsResult:
    rounds_added: int
    assessments_added: int

    def __str__(self) -> str:
        return (
            f"Demo rounds: {self.rounds_added} round(s) and {self.assessments_added} "
            "assessment(s) added."
        )


def _version(number: str) -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(framework__key="wgll", version=number).first()


@transaction.atomic
def demo_rounds_load(*, by) -> DemoRoundsResult:
    added_rounds = added_assessments = 0
    for name, number, opens_on, closes_on in (LAST_YEAR, THIS_YEAR):
        version = _version(number)
        if version is None or Round.objects.filter(name=name).exists():
            continue
        round_ = Round.objects.create(
            name=name,
            framework_version=version,
            opens_on=opens_on,
            closes_on=closes_on,
            care_settings=TAKING_PART,
        )
        added_assessments += round_launch(round_=round_, by=by)
        added_rounds += 1
        if (name, number, opens_on, closes_on) == LAST_YEAR:
            _answer_and_approve(round_, by)
    return DemoRoundsResult(added_rounds, added_assessments)


def _answer_and_approve(round_: Round, by) -> None:
    """Answer every question of every assessment in the round, then approve them all, with
    their scores computed by the same scoring function and frozen by the same `scores_freeze`
    as any approval."""
    rng = random.Random(SEED)
    version = round_.framework_version
    measures = list(Measure.objects.filter(version=version).order_by("order"))
    questions = list(
        Question.objects.filter(version=version)
        .select_related("measure")
        .order_by("measure__order", "order")
    )
    measure_specs = [scoring.MeasureSpec(m.key, m.weight) for m in measures]
    now = timezone.now()
    assessments = list(Assessment.objects.filter(round=round_).order_by("pk"))
    answers, frozen, events = [], [], []
    for assessment in assessments:
        lean = rng.gauss(0, 0.45)
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
                        not_applicable_reason="Provided for us by a partner organisation (demo).",
                    )
                )
                continue
            mean = MEASURE_MEANS.get(question.measure.key, 2.4) + lean
            level = max(1, min(5, round(rng.gauss(mean, 0.8))))
            target = min(5, level + rng.choice((0, 1, 1, 2)))
            recorded[question.key] = scoring.Answer(level=level)
            answers.append(
                Answer(
                    assessment=assessment,
                    question=question,
                    level=level,
                    target_level=target,
                    revision=1,
                )
            )
        result = scoring.score_assessment(
            measures=measure_specs,
            questions=[scoring.QuestionSpec(q.key, q.measure.key, q.weight) for q in applicable],
            answers=recorded,
        )
        assessment.status = Assessment.Status.APPROVED
        assessment.submitted_at = assessment.decided_at = now
        frozen.append((assessment, result))
        events.append(
            AuditEvent(
                assessment=assessment,
                actor=by,
                action=AuditEvent.Action.STATUS,
                before={"status": "draft"},
                after={"status": "approved"},
                comment="Demo data: answered and approved when loaded.",
            )
        )
    # Answers and scores first, then the status: the database refuses changing them once approved.
    Answer.objects.bulk_create(answers, batch_size=2000)
    scores_freeze(frozen)
    Assessment.objects.bulk_update(
        assessments, ["status", "submitted_at", "decided_at"], batch_size=500
    )
    AuditEvent.objects.bulk_create(events, batch_size=2000)
