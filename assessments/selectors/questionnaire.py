"""Reads for the questionnaire pages (`views/questionnaire.py`): an assessment's task list, the
page of one success measure, one question's answer block, assignment and "assigned to me".
No writes here: those are services.

Every function runs a fixed number of queries, whatever the number of questions: the pages
that use them are on a budget (see design.md). They return the view-models of
`presenters/questionnaire.py`.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import prefetch_related_objects

from frameworks.models import Level, Measure, Question

from .. import access
from ..models import Answer, Assessment, Assignment, Evidence, Role
from ..presenters.questionnaire import (
    AssignedSection,
    MeasurePage,
    MeasureRow,
    Overview,
    Progress,
    QuestionState,
)


def _applicable_questions(version_ids, care_setting_of) -> list[tuple[int, int, int]]:
    """(version id, measure id, question id) of every question, in order, for the care setting
    that `care_setting_of(version_id)` says (one query)."""
    rows = (
        Question.objects.filter(version_id__in=version_ids)
        .order_by("measure__order", "order")
        .values_list("version_id", "measure_id", "pk", "applies_to")
    )
    return [(v, m, q) for v, m, q, applies_to in rows if care_setting_of(v) in applies_to]


def overview_for(assessment: Assessment) -> Overview:
    """The assessment's success measures that have questions for its care setting, each with
    its progress and who it is assigned to (four queries)."""
    measures = list(
        Measure.objects.filter(version_id=assessment.framework_version_id).order_by("order")
    )
    questions = _applicable_questions(
        [assessment.framework_version_id], lambda _: assessment.care_setting
    )
    answers = {
        qid: (level, na, last_year)
        for qid, level, na, last_year in Answer.objects.filter(assessment=assessment).values_list(
            "question_id", "level", "not_applicable", "from_last_year"
        )
    }
    assignees = {
        a.measure_id: a.assignee
        for a in Assignment.objects.filter(assessment=assessment).select_related("assignee")
    }
    by_measure: dict[int, Progress] = defaultdict(Progress)
    total = Progress()
    for _, measure_id, question_id in questions:
        by_measure[measure_id].add(answers.get(question_id))
        total.add(answers.get(question_id))
    rows = [
        MeasureRow(m, by_measure[m.pk], assignees.get(m.pk)) for m in measures if m.pk in by_measure
    ]
    return Overview(rows, total)


def measure_page(assessment: Assessment, measure_key: str) -> MeasurePage | None:
    """The measure's applicable questions with their levels, answers and evidence, or None if
    the measure is not part of this assessment (six queries, whatever the number of questions)."""
    measures = list(
        Measure.objects.filter(version_id=assessment.framework_version_id).order_by("order")
    )
    questions = [
        q
        for q in Question.objects.filter(version_id=assessment.framework_version_id)
        .select_related("theme")
        .order_by("measure__order", "order")
        if assessment.care_setting in q.applies_to
    ]
    asked = [m for m in measures if any(q.measure_id == m.pk for q in questions)]
    measure = next((m for m in asked if m.key == measure_key), None)
    if measure is None:
        return None
    mine = [q for q in questions if q.measure_id == measure.pk]
    for question in mine:
        question.measure = measure
    prefetch_related_objects(mine, "levels")
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(
            assessment=assessment, question__in=[q.pk for q in mine]
        ).select_related("updated_by")
    }
    evidence = defaultdict(list)
    for item in Evidence.objects.filter(assessment=assessment, question__in=[q.pk for q in mine]):
        evidence[item.question_id].append(item)
    assignment = (
        Assignment.objects.filter(assessment=assessment, measure=measure)
        .select_related("assignee")
        .first()
    )
    states = [
        QuestionState(
            question,
            number,
            list(question.levels.all()),
            answers.get(question.pk),
            evidence[question.pk],
        )
        for number, question in enumerate(mine, start=1)
    ]
    index = asked.index(measure)
    return MeasurePage(
        measure=measure,
        questions=states,
        assignee=assignment.assignee if assignment else None,
        previous=asked[index - 1] if index > 0 else None,
        next=asked[index + 1] if index + 1 < len(asked) else None,
    )


def question_for_answer(assessment_pk: int, question_key: str) -> Question | None:
    """The question with this key in the assessment's framework version, with its measure (one
    query, joined through the assessment so that the assessment need not be read first)."""
    return (
        Question.objects.filter(key=question_key, version__assessments__pk=assessment_pk)
        .select_related("measure")
        .first()
    )


def question_of(assessment: Assessment, question_key: str) -> Question | None:
    """The question with this key, if this assessment asks it."""
    question = (
        Question.objects.filter(version_id=assessment.framework_version_id, key=question_key)
        .select_related("measure")
        .first()
    )
    if question is None or assessment.care_setting not in question.applies_to:
        return None
    return question


def question_state(assessment: Assessment, question: Question, **state) -> QuestionState:
    """One question's answer block, for the fragments that htmx swaps in (three queries)."""
    answer = (
        state.pop("answer", None)
        or Answer.objects.filter(assessment=assessment, question=question)
        .select_related("updated_by")
        .first()
    )
    levels = list(Level.objects.filter(question=question).order_by("level"))
    before = Question.objects.filter(measure_id=question.measure_id, order__lt=question.order)
    number = 1 + sum(
        assessment.care_setting in applies_to
        for applies_to in before.values_list("applies_to", flat=True)
    )
    return QuestionState(question, number, levels, answer, **state)


def assignable_people(assessment: Assessment, user) -> list:
    """The people a section can be given to: the organisation's respondents, and the person
    assigning (one query)."""
    User = get_user_model()
    people = list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.RESPONDENT,
            memberships__organisation_id=assessment.organisation_id,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    if user.pk not in {p.pk for p in people}:
        people.append(user)
    return people


def assigned_to(user) -> list[AssignedSection]:
    """The sections given to this person, in every round, of assessments they may still see
    (four queries)."""
    assignments = list(
        Assignment.objects.filter(
            assignee=user, assessment__in=access.visible(user, Assessment.objects.all())
        )
        .select_related(
            "assessment__organisation",
            "assessment__round",
            "assessment__framework_version",
            "measure",
        )
        .order_by(
            "-assessment__round__opens_on", "assessment__organisation__name", "measure__order"
        )
    )
    if not assignments:
        return []
    wanted = {(a.assessment_id, a.measure_id) for a in assignments}
    questions = Question.objects.filter(measure_id__in={m for _, m in wanted}).values_list(
        "measure_id", "pk", "applies_to"
    )
    answers = {
        (a, q): (level, na, last_year)
        for a, q, level, na, last_year in Answer.objects.filter(
            assessment_id__in={a for a, _ in wanted},
            question__measure_id__in={m for _, m in wanted},
        ).values_list("assessment_id", "question_id", "level", "not_applicable", "from_last_year")
    }
    by_measure = defaultdict(list)
    for measure_id, question_id, applies_to in questions:
        by_measure[measure_id].append((question_id, applies_to))
    sections = []
    for assignment in assignments:
        progress = Progress()
        care_setting = assignment.assessment.care_setting
        for question_id, applies_to in by_measure[assignment.measure_id]:
            if care_setting in applies_to:
                progress.add(answers.get((assignment.assessment_id, question_id)))
        sections.append(AssignedSection(assignment, progress))
    return sections
