"""View-models for sign-off, history and results pages (reads and formatting, no writes)."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count

from frameworks.models import Level, Measure

from . import scoring
from .models import Answer, Assessment, AuditEvent, Evidence, Score
from .services.assessments import compute_scores

FIELD_WORDS = {
    "level": "Level",
    "not_applicable": "Not applicable",
    "not_applicable_reason": "Reason",
    "target_level": "Target level",
    "notes": "Notes",
    "from_last_year": "From last year",
    "status": "Status",
    "assignee": "Assigned to",
    "file": "File",
    "size": "Size",
    "link": "Link",
    "title": "Title",
    "round": "Round",
    "framework_version": "Framework version",
}
STATUS_WORDS = dict(Assessment.Status.choices)


def _value_text(name: str, value) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name == "status":
        return STATUS_WORDS.get(value, value)
    if name == "size":
        return f"{int(value) / 1024:.0f} KB"
    return str(value)


@dataclass
class EventRow:
    event: AuditEvent
    who: str
    what: str
    where: str
    changes: list[tuple[str, str, str]]


def history_rows(events, questions_by_key: dict, measures_by_key: dict) -> list[EventRow]:
    rows = []
    for event in events:
        before, after = event.before or {}, event.after or {}
        names = list(dict.fromkeys([*before, *after]))
        changes = [
            (FIELD_WORDS.get(n, n), _value_text(n, before.get(n)), _value_text(n, after.get(n)))
            for n in names
        ]
        if event.question_key:
            question = questions_by_key.get(event.question_key)
            where = question.text if question else event.question_key
        elif event.measure_key:
            measure = measures_by_key.get(event.measure_key)
            where = measure.label if measure else event.measure_key
        else:
            where = "The whole assessment"
        who = (
            (event.actor.get_full_name() or event.actor.get_username())
            if event.actor
            else "Waymark"
        )
        rows.append(EventRow(event, who, event.get_action_display(), where, changes))
    return rows


@dataclass
class MeasureResult:
    measure: Measure
    score: Fraction | Decimal | None
    target: Fraction | None
    answered: int
    not_applicable: int
    unanswered: int


@dataclass
class Gap:
    question_key: str
    text: str
    measure: str
    level: int
    target: int | None
    next_descriptor: str
    next_steps: str


@dataclass
class Results:
    frozen: bool
    overall: Fraction | Decimal | None
    measures: list[MeasureResult]
    lowest: list[Gap]
    gaps: list[Gap]


def results_for(assessment: Assessment) -> Results:
    """Scores per measure against targets, the lowest questions and the next step for each gap.

    An approved assessment shows its frozen scores; any other shows provisional ones, computed
    the same way from its answers as they stand.
    """
    measures = list(
        Measure.objects.filter(version_id=assessment.framework_version_id).order_by("order")
    )
    questions = assessment.questions()
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    live = compute_scores(assessment)
    frozen = assessment.status == Assessment.Status.APPROVED
    frozen_scores = (
        {(s.kind, s.key): s.score for s in Score.objects.filter(assessment=assessment)}
        if frozen
        else {}
    )

    targets: dict[str, list[tuple[Fraction, Fraction]]] = {m.key: [] for m in measures}
    for question in questions:
        answer = answers.get(question.pk)
        if answer and answer.target_level and not answer.not_applicable:
            targets[question.measure.key].append(
                (Fraction(answer.target_level), Fraction(question.weight))
            )

    def weighted(pairs):
        total = sum(w for _, w in pairs)
        return sum(v * w for v, w in pairs) / total if total else None

    measure_rows = []
    for measure in measures:
        computed = live.measures[measure.key]
        if not (computed.answered or computed.not_applicable or computed.unanswered):
            continue  # nothing in this measure is asked of this care setting
        score = frozen_scores.get(("measure", measure.key)) if frozen else computed.score
        measure_rows.append(
            MeasureResult(
                measure,
                score,
                weighted(targets[measure.key]),
                computed.answered,
                computed.not_applicable,
                computed.unanswered,
            )
        )

    levels = {
        (lv.question_id, lv.level): lv
        for lv in Level.objects.filter(question__in=[q.pk for q in questions])
    }
    scored = []
    for question in questions:
        answer = answers.get(question.pk)
        if not answer or answer.level is None:
            continue
        following = levels.get((question.pk, answer.level + 1))
        current = levels.get((question.pk, answer.level))
        scored.append(
            Gap(
                question.key,
                question.text,
                question.measure.label,
                answer.level,
                answer.target_level,
                following.descriptor if following else "",
                current.next_steps if current else "",
            )
        )
    lowest = sorted(scored, key=lambda g: (g.level, -(g.target or 0)))[:5]
    gaps = [g for g in scored if g.target and g.target > g.level]
    gaps.sort(key=lambda g: (-(g.target - g.level), g.level))
    overall = frozen_scores.get(("overall", "")) if frozen else live.overall
    return Results(frozen, overall, measure_rows, lowest, gaps)


def review_summary(assessment: Assessment) -> dict:
    """What an approver checks: scores as they would be frozen, and answers without evidence."""
    questions = assessment.questions()
    evidence_counts = dict(
        Evidence.objects.filter(assessment=assessment)
        .values_list("question_id")
        .annotate(n=Count("pk"))
    )
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    without_evidence = [
        q
        for q in questions
        if answers.get(q.pk) and answers[q.pk].level and not evidence_counts.get(q.pk)
    ]
    not_applicable = [
        (q, answers[q.pk].not_applicable_reason)
        for q in questions
        if answers.get(q.pk) and answers[q.pk].not_applicable
    ]
    return {
        "results": results_for(assessment),
        "without_evidence": without_evidence,
        "not_applicable": not_applicable,
        "question_count": len(questions),
    }


shown = scoring.shown
