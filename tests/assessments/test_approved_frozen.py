"""An approved assessment's answers and scores cannot change while it stays approved: the
database refuses it (migration 0004) on SQLite and PostgreSQL alike, the services say so in words,
and reopening (which changes the status first) still works."""

import pytest
from django.db import DatabaseError, connection, transaction

from assessments.models import Answer, Assessment, Score
from assessments.selectors import compute_scores
from assessments.services import (
    AssessmentError,
    answer_save,
    assessment_approve,
    assessment_reopen,
    assessment_submit,
)
from assessments.services.scores import scores_freeze, scores_withdraw
from frameworks.models import Question
from tests.assessments.test_assessment_workflow import answer_all
from tests.factories import FrameworkVersionFactory

pytestmark = pytest.mark.django_db

REFUSED = "approved assessment cannot change"


@pytest.fixture
def approved(world, launched_round):
    round_ = launched_round(framework_version=FrameworkVersionFactory(version="1.0.0"))
    assessment = Assessment.objects.get(round=round_, organisation=world.northmoor)
    answer_all(assessment, world.respondent, level=3)
    assessment_submit(assessment=assessment, by=world.respondent)
    return assessment_approve(assessment=assessment, by=world.approver)


def raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def refused(sql, params):
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        raw(sql, params)


def test_raw_sql_cannot_change_an_approved_assessments_answers(approved):
    answer = Answer.objects.filter(assessment=approved).first()
    unanswered = Question.objects.get(
        version=FrameworkVersionFactory(version="9.0.0"), key=answer.question.key
    )
    table = Answer._meta.db_table
    refused(f"UPDATE {table} SET level = 5 WHERE id = %s", [answer.pk])
    refused(f"UPDATE {table} SET notes = 'rewritten' WHERE assessment_id = %s", [approved.pk])
    refused(f"DELETE FROM {table} WHERE id = %s", [answer.pk])
    refused(
        f"INSERT INTO {table} (assessment_id, question_id, level, not_applicable, "
        "not_applicable_reason, target_level, notes, from_last_year, revision, updated_at) "
        "SELECT assessment_id, %s, level, not_applicable, not_applicable_reason, "
        "target_level, 'copy', from_last_year, revision + 1, updated_at "
        f"FROM {table} WHERE id = %s",
        [unanswered.pk, answer.pk],
    )
    assert Answer.objects.get(pk=answer.pk).level == 3
    assert not Answer.objects.filter(notes__in=["rewritten", "copy"]).exists()


def test_raw_sql_cannot_change_an_approved_assessments_scores(approved):
    overall = Score.objects.get(assessment=approved, kind="overall")
    table = Score._meta.db_table
    refused(f"UPDATE {table} SET score = 5 WHERE id = %s", [overall.pk])
    refused(f"DELETE FROM {table} WHERE assessment_id = %s", [approved.pk])
    refused(
        f"INSERT INTO {table} (assessment_id, kind, key, score, answered, not_applicable) "
        "VALUES (%s, 'measure', 'invented', 5, 1, 0)",
        [approved.pk],
    )
    assert Score.objects.get(pk=overall.pk).score == overall.score
    assert Score.objects.filter(assessment=approved).count() > 1


def test_the_orm_and_bulk_queries_are_refused_too(approved):
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        Score.objects.filter(assessment=approved).update(score=1)
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        Answer.objects.filter(assessment=approved).delete()


def test_the_services_refuse_in_words_not_with_a_database_error(world, approved):
    with pytest.raises(AssessmentError, match="reopen it"):
        scores_withdraw(approved)
    with pytest.raises(AssessmentError, match="before approving"):
        scores_freeze([(approved, compute_scores(approved))])
    question = approved.questions()[0]
    with pytest.raises(AssessmentError, match="approved"):
        answer_save(
            assessment=approved,
            question=question,
            by=world.respondent,
            expected_revision=1,
            level=1,
        )


def test_reopening_changes_the_status_first_so_answers_and_scores_can_change(world, approved):
    reopened = assessment_reopen(assessment=approved, by=world.national, reason="Data error")
    assert reopened.status == "draft"
    assert not Score.objects.filter(assessment=approved).exists()
    answer = Answer.objects.filter(assessment=approved).first()
    raw(f"UPDATE {Answer._meta.db_table} SET level = 4 WHERE id = %s", [answer.pk])
    assert Answer.objects.get(pk=answer.pk).level == 4


def test_other_assessments_are_not_affected(world, approved):
    other = Assessment.objects.get(round=approved.round, organisation=world.exewater)
    answer_all(other, world.other_respondent)
    assert Answer.objects.filter(assessment=other).update(notes="fine") > 0
