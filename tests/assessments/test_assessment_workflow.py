"""Rounds, answering, conflicts, pre-fill, evidence, assignment, sign-off and the audit log."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.evidence_files import EvidenceFileError
from assessments.models import (
    Answer,
    AppendOnlyError,
    Assessment,
    Assignment,
    AuditEvent,
    Evidence,
    Score,
)
from assessments.selectors import missing_answers
from assessments.services import (
    AnswerConflict,
    AssessmentError,
    IncompleteAssessment,
    NotAllowed,
    answer_confirm,
    answer_save,
    assessment_approve,
    assessment_reopen,
    assessment_return,
    assessment_submit,
    evidence_add_file,
    evidence_add_link,
    evidence_remove,
    round_launch,
    section_assign,
)
from frameworks.models import Measure, Question
from tests.factories import FrameworkVersionFactory
from tests.frameworks.documents import document

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def framework():
    return FrameworkVersionFactory(version="1.0.0")


@pytest.fixture
def launched(launched_round, framework):
    return launched_round(framework_version=framework)


@pytest.fixture
def northmoor(world, launched):
    return Assessment.objects.get(round=launched, organisation=world.northmoor)


def q(key, version=None):
    return Question.objects.get(key=key, **({"version": version} if version else {}))


def answer_all(assessment, by, level=3):
    for question in assessment.questions():
        current = Answer.objects.filter(assessment=assessment, question=question).first()
        answer_save(
            assessment=assessment,
            question=question,
            by=by,
            expected_revision=current.revision if current else 0,
            level=level,
        )


def actions(assessment):
    return list(
        AuditEvent.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("action", "question_key", "before", "after")
    )


# --- rounds -----------------------------------------------------------------------------------


def test_launching_a_round_creates_one_assessment_per_taking_part_organisation(world, launched):
    assessments = Assessment.objects.filter(round=launched).order_by("organisation__ods_code")
    assert [(a.organisation.ods_code, a.care_setting, a.status) for a in assessments] == [
        ("ZT001", "acute", "draft"),
        ("ZT003", "acute", "draft"),
        ("ZT004", "community", "draft"),
    ]
    assert all(a.framework_version == launched.framework_version for a in assessments)
    assert AuditEvent.objects.filter(action="created").count() == 3


def test_a_round_cannot_be_launched_twice(world, launched):
    with pytest.raises(AssessmentError, match="cannot be launched twice"):
        round_launch(round_=launched, by=world.national)
    assert Assessment.objects.filter(round=launched).count() == 3


def test_an_organisation_sees_only_the_questions_for_its_care_setting(northmoor):
    assert [question.key for question in northmoor.questions()] == [
        "wl-strategy",
        "sf-network",
        "sf-cyber",
    ]  # wl-board is for ICBs only


# --- answering --------------------------------------------------------------------------------


def test_an_answer_saves_and_each_save_is_audited(world, northmoor):
    question = q("wl-strategy")
    answer = answer_save(
        assessment=northmoor, question=question, by=world.respondent, expected_revision=0, level=2
    )
    assert (answer.level, answer.revision, answer.updated_by) == (2, 1, world.respondent)
    answer = answer_save(
        assessment=northmoor,
        question=question,
        by=world.respondent,
        expected_revision=1,
        target_level=4,
        notes=" Board paper in May. ",
    )
    assert (answer.level, answer.target_level, answer.notes, answer.revision) == (
        2,
        4,
        "Board paper in May.",
        2,
    )
    events = actions(northmoor)[-2:]
    assert events == [
        ("answer", "wl-strategy", {"level": None}, {"level": 2}),
        (
            "answer",
            "wl-strategy",
            {"target_level": None, "notes": ""},
            {"target_level": 4, "notes": "Board paper in May."},
        ),
    ]


def test_not_applicable_needs_a_reason_and_clears_the_level(world, northmoor):
    question = q("sf-network")
    answer_save(
        assessment=northmoor, question=question, by=world.respondent, expected_revision=0, level=3
    )
    with pytest.raises(AssessmentError, match="Say why this question does not apply"):
        answer_save(
            assessment=northmoor,
            question=question,
            by=world.respondent,
            expected_revision=1,
            not_applicable=True,
        )
    answer = answer_save(
        assessment=northmoor,
        question=question,
        by=world.respondent,
        expected_revision=1,
        not_applicable=True,
        not_applicable_reason="Our network is run by the ICB.",
    )
    assert (answer.level, answer.not_applicable) == (None, True)
    answer = answer_save(
        assessment=northmoor, question=question, by=world.respondent, expected_revision=2, level=4
    )
    assert (answer.level, answer.not_applicable, answer.not_applicable_reason) == (4, False, "")


@pytest.mark.parametrize("level", [0, 6, "3"])
def test_a_level_outside_one_to_five_is_refused(world, northmoor, level):
    with pytest.raises(AssessmentError, match="Choose a level from 1 to 5"):
        answer_save(
            assessment=northmoor,
            question=q("sf-network"),
            by=world.respondent,
            expected_revision=0,
            level=level,
        )
    assert not Answer.objects.exists()


def test_a_question_from_another_care_setting_or_version_is_refused(world, northmoor):
    with pytest.raises(AssessmentError, match="not part of this assessment"):
        answer_save(
            assessment=northmoor,
            question=q("wl-board"),
            by=world.respondent,
            expected_revision=0,
            level=3,
        )


def test_two_people_saving_the_same_question_never_overwrite_each_other(
    world, northmoor, colleague
):
    question = q("sf-cyber")
    # Both open the page while the answer is at revision 0.
    answer_save(
        assessment=northmoor, question=question, by=world.respondent, expected_revision=0, level=2
    )
    with pytest.raises(AnswerConflict) as conflict:
        answer_save(
            assessment=northmoor, question=question, by=colleague, expected_revision=0, level=5
        )
    assert conflict.value.current.level == 2
    assert "Rosa Respondent changed this answer while you were working on it" in str(conflict.value)
    assert Answer.objects.get(question=question).level == 2
    # Keeping theirs: save again against the revision shown with the conflict.
    answer = answer_save(
        assessment=northmoor,
        question=question,
        by=colleague,
        expected_revision=conflict.value.current.revision,
        level=5,
    )
    assert (answer.level, answer.revision) == (5, 2)


def test_people_who_may_not_edit_cannot_answer(world, northmoor):
    for person in (world.approver, world.sro, world.other_respondent, world.nobody):
        with pytest.raises(NotAllowed, match="You cannot answer questions for Northmoor"):
            answer_save(
                assessment=northmoor,
                question=q("sf-network"),
                by=person,
                expected_revision=0,
                level=1,
            )
    assert not Answer.objects.exists()


# --- pre-fill ---------------------------------------------------------------------------------


def test_next_round_is_prefilled_by_stable_key_and_marked_from_last_year(
    world, northmoor, framework, launched_round
):
    answer_save(
        assessment=northmoor,
        question=q("wl-strategy", framework),
        by=world.respondent,
        expected_revision=0,
        level=3,
        notes="Strategy approved.",
    )
    answer_save(
        assessment=northmoor,
        question=q("sf-network", framework),
        by=world.respondent,
        expected_revision=0,
        not_applicable=True,
        not_applicable_reason="Run by the ICB.",
    )
    next_doc = document("2.0.0")
    next_doc["measures"][1]["questions"][0]["key"] = "sf-network-v2"  # a new question
    next_version = FrameworkVersionFactory(document=next_doc, filename="2.yaml")
    next_round = launched_round(
        name="2027/28 assessment",
        framework_version=next_version,
        opens_on=dt.date(2027, 5, 1),
        care_settings=["acute"],
    )
    new = Assessment.objects.get(round=next_round, organisation=world.northmoor)
    answers = {a.question.key: a for a in new.answers.select_related("question")}
    assert set(answers) == {"wl-strategy"}
    carried = answers["wl-strategy"]
    assert (carried.level, carried.notes, carried.from_last_year, carried.question.version) == (
        3,
        "Strategy approved.",
        True,
        next_version,
    )
    assert [m.question.key for m in missing_answers(new)] == [
        "wl-strategy",
        "sf-network-v2",
        "sf-cyber",
    ]
    confirmed = answer_confirm(
        assessment=new, question=carried.question, by=world.respondent, expected_revision=0
    )
    assert (confirmed.from_last_year, confirmed.level) == (False, 3)
    assert actions(new)[-1] == (
        "confirmed",
        "wl-strategy",
        {"from_last_year": True},
        {"from_last_year": False},
    )


# --- evidence ---------------------------------------------------------------------------------


def test_evidence_files_and_links_are_kept_and_audited(world, northmoor):
    question = q("sf-cyber")
    upload = SimpleUploadedFile("../../Cyber plan.pdf", PDF, content_type="application/pdf")
    evidence = evidence_add_file(
        assessment=northmoor, question=question, upload=upload, by=world.respondent
    )
    assert (evidence.file_name, evidence.content_type, evidence.size) == (
        "Cyber plan.pdf",
        "application/pdf",
        len(PDF),
    )
    assert evidence.file.name.startswith(f"evidence/{northmoor.pk}/")
    assert evidence.file.read() == PDF
    link = evidence_add_link(
        assessment=northmoor,
        question=question,
        url="https://intranet.example.nhs.uk/dspt",
        title="DSPT return",
        by=world.respondent,
    )
    evidence_remove(evidence=link, by=world.respondent)
    assert list(Evidence.objects.values_list("file_name", flat=True)) == ["Cyber plan.pdf"]
    assert [(a, k) for a, k, _, _ in actions(northmoor)[-3:]] == [
        ("evidence_added", "sf-cyber"),
        ("evidence_added", "sf-cyber"),
        ("evidence_removed", "sf-cyber"),
    ]


def test_a_bad_upload_writes_nothing(world, northmoor):
    upload = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(EvidenceFileError, match="called report.pdf but it is not a PDF"):
        evidence_add_file(
            assessment=northmoor, question=q("sf-cyber"), upload=upload, by=world.respondent
        )
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence_added").exists()


# --- assignment -------------------------------------------------------------------------------


def test_sections_are_assigned_to_colleagues_who_may_answer(world, northmoor):
    measure = Measure.objects.get(version=northmoor.framework_version, key="foundations")
    assignment = section_assign(
        assessment=northmoor, measure=measure, assignee=world.respondent, by=world.respondent
    )
    assert assignment.assignee == world.respondent
    with pytest.raises(AssessmentError, match="Sara Owner cannot answer Northmoor Hospitals"):
        section_assign(
            assessment=northmoor, measure=measure, assignee=world.sro, by=world.respondent
        )
    section_assign(assessment=northmoor, measure=measure, assignee=None, by=world.respondent)
    assert not Assignment.objects.exists()
    assert [(a, b, c) for a, _, b, c in actions(northmoor)[-2:]] == [
        ("assigned", None, {"assignee": "respondent"}),
        ("unassigned", {"assignee": "respondent"}, None),
    ]


# --- sign-off ---------------------------------------------------------------------------------


def test_submission_lists_exactly_what_is_missing(world, northmoor):
    answer_save(
        assessment=northmoor,
        question=q("sf-network"),
        by=world.respondent,
        expected_revision=0,
        level=2,
    )
    with pytest.raises(IncompleteAssessment) as incomplete:
        assessment_submit(assessment=northmoor, by=world.respondent)
    assert [(m.question.key, m.reason) for m in incomplete.value.missing] == [
        ("wl-strategy", "not answered"),
        ("sf-cyber", "not answered"),
    ]
    assert "2 questions still need an answer" in str(incomplete.value)
    northmoor.refresh_from_db()
    assert northmoor.status == "draft"


def test_the_whole_workflow_with_frozen_scores(world, northmoor):
    answer_save(
        assessment=northmoor,
        question=q("wl-strategy"),
        by=world.respondent,
        expected_revision=0,
        level=2,
    )
    answer_save(
        assessment=northmoor,
        question=q("sf-network"),
        by=world.respondent,
        expected_revision=0,
        level=4,
    )
    answer_save(
        assessment=northmoor,
        question=q("sf-cyber"),
        by=world.respondent,
        expected_revision=0,
        not_applicable=True,
        not_applicable_reason="Outsourced.",
    )
    assessment_submit(assessment=northmoor, by=world.respondent)
    with pytest.raises(AssessmentError, match="submitted for approval"):
        answer_save(
            assessment=northmoor,
            question=q("sf-network"),
            by=world.respondent,
            expected_revision=1,
            level=5,
        )

    with pytest.raises(AssessmentError, match="Say what needs to change"):
        assessment_return(assessment=northmoor, by=world.approver, comment="  ")
    assessment_return(assessment=northmoor, by=world.approver, comment="Add cyber evidence.")
    northmoor.refresh_from_db()
    assert (northmoor.status, northmoor.return_comment) == ("returned", "Add cyber evidence.")

    answer_save(
        assessment=northmoor,
        question=q("sf-cyber"),
        by=world.respondent,
        expected_revision=1,
        level=3,
    )
    assessment_submit(assessment=northmoor, by=world.respondent)
    with pytest.raises(NotAllowed):
        assessment_approve(assessment=northmoor, by=world.respondent)
    assessment_approve(assessment=northmoor, by=world.approver)
    northmoor.refresh_from_db()
    # well-led: 2; foundations: (4*1 + 3*0.5)/1.5 = 11/3; overall: (2*1 + 11/3*1.5)/2.5 = 3
    assert northmoor.status == "approved"
    assert northmoor.overall_score == Decimal("3.00000000")
    assert dict(
        Score.objects.filter(assessment=northmoor, kind="measure").values_list("key", "score")
    ) == {"well-led": Decimal("2.00000000"), "foundations": Decimal("3.66666667")}
    assert Score.objects.filter(assessment=northmoor, kind="question").count() == 3

    with pytest.raises(AssessmentError, match="approved, so it can no longer be changed"):
        answer_save(
            assessment=northmoor,
            question=q("sf-cyber"),
            by=world.respondent,
            expected_revision=2,
            level=5,
        )

    with pytest.raises(NotAllowed, match="Only a national administrator"):
        assessment_reopen(assessment=northmoor, by=world.approver, reason="Oops")
    with pytest.raises(AssessmentError, match="Give the reason"):
        assessment_reopen(assessment=northmoor, by=world.national, reason="")
    assessment_reopen(assessment=northmoor, by=world.national, reason="Wrong trust answered.")
    northmoor.refresh_from_db()
    assert (northmoor.status, northmoor.overall_score) == ("draft", None)
    assert not Score.objects.filter(assessment=northmoor).exists()
    statuses = list(
        AuditEvent.objects.filter(assessment=northmoor, action="status")
        .order_by("pk")
        .values_list("after", "comment")
    )
    assert statuses == [
        ({"status": "submitted"}, ""),
        ({"status": "returned"}, "Add cyber evidence."),
        ({"status": "submitted"}, ""),
        ({"status": "approved"}, ""),
        ({"status": "draft"}, "Wrong trust answered."),
    ]


def test_the_submitter_cannot_approve_their_own_submission(world, northmoor):
    from assessments.models import Role
    from assessments.services import membership_grant

    membership_grant(
        by=None, user=world.respondent, role=Role.APPROVER, organisation=world.northmoor
    )
    answer_all(northmoor, world.respondent)
    assessment_submit(assessment=northmoor, by=world.respondent)
    with pytest.raises(AssessmentError, match="Someone other than the person who submitted"):
        assessment_approve(assessment=northmoor, by=world.respondent)


def test_the_audit_log_cannot_be_changed_or_deleted(world, northmoor):
    answer_all(northmoor, world.respondent)
    event = AuditEvent.objects.filter(assessment=northmoor).first()
    event.comment = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(assessment=northmoor).update(comment="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(assessment=northmoor).delete()
    assert AuditEvent.objects.filter(assessment=northmoor, comment="").count() == 4


def test_the_database_itself_refuses_to_rewrite_the_audit_log(world, northmoor):
    from django.db import DatabaseError, connection, transaction

    answer_all(northmoor, world.respondent)
    event = AuditEvent.objects.filter(assessment=northmoor).first()
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET comment = 'rewritten' WHERE id = %s", [event.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).comment == ""
