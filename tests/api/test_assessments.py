"""Assessments through the API: who sees them, answering with the revision read (409 and the
current answer on a conflict), the sign-off actions through the same services and audit log as
the pages, and the scores frozen at approval."""

import pytest

from assessments.models import Answer, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def northmoor(launched_assessment):
    return launched_assessment()


def url(assessment, rest=""):
    return f"/api/v1/assessments/{assessment.pk}/{rest}"


def answer_all(client, assessment, level=3):
    for question in assessment.questions():
        response = client.put(
            url(assessment, f"answers/{question.key}/"),
            {"level": level, "target_level": 4, "expected_revision": 0},
            format="json",
        )
        assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "persona, organisations",
    [
        ("national", ["ZT004", "ZT001", "ZT003"]),
        ("analyst", ["ZT001", "ZT003"]),
        ("sro", ["ZT001"]),
        ("respondent", ["ZT001"]),
        ("approver", ["ZT001"]),
        ("board_org", ["ZT001"]),
        ("board_system", []),
        ("other_respondent", ["ZT004"]),
        ("nobody", []),
    ],
)
def test_assessments_by_persona(world, as_user, northmoor, persona, organisations):
    response = as_user(world.users[persona], "read").get("/api/v1/assessments/")
    assert [a["organisation"]["ods_code"] for a in response.json()["results"]] == organisations


def test_an_assessment_says_its_round_framework_and_status(world, as_user, northmoor):
    body = as_user(world.respondent, "read").get(url(northmoor)).json()
    assert body["organisation"] == {"ods_code": "ZT001", "name": world.northmoor.name}
    assert body["round"] == {"id": northmoor.round_id, "name": "2026/27 assessment"}
    assert body["framework"]["version"] == "1.0.0"
    assert (body["status"], body["overall_score"]) == ("draft", None)


def test_assessments_filter_by_round_status_and_organisation(world, as_user, northmoor):
    client = as_user(world.national, "read")
    listed = client.get(f"/api/v1/assessments/?round={northmoor.round_id}&organisation=zt001")
    assert [a["id"] for a in listed.json()["results"]] == [northmoor.pk]
    assert client.get("/api/v1/assessments/?status=approved").json()["count"] == 0
    assert client.get("/api/v1/assessments/?status=lost").status_code == 400
    # Found by schemathesis: an id beyond what the database holds was a server error.
    too_big = client.get(f"/api/v1/assessments/?round={2**70}")
    assert too_big.status_code == 400 and "round" in too_big.json()["errors"]


@pytest.mark.parametrize("persona", ["other_respondent", "other_sro", "board_system", "nobody"])
def test_someone_who_may_not_see_it_gets_a_404(world, as_user, northmoor, persona):
    client = as_user(world.users[persona], "write")
    question = northmoor.questions()[0]
    assert client.get(url(northmoor)).status_code == 404
    assert client.get(url(northmoor, "answers/")).status_code == 404
    put = client.put(
        url(northmoor, f"answers/{question.key}/"), {"level": 2, "expected_revision": 0}
    )
    assert put.status_code == 404
    assert client.post(url(northmoor, "submit/")).status_code == 404
    assert not Answer.objects.exists()


# --- answers -----------------------------------------------------------------------------------


def test_a_respondent_answers_and_the_audit_log_says_so(world, as_user, northmoor):
    question = northmoor.questions()[0]
    client = as_user(world.respondent)
    response = client.put(
        url(northmoor, f"answers/{question.key}/"),
        {"level": 3, "notes": " Our EPR is live. ", "expected_revision": 0},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["question"], body["level"], body["revision"]) == (question.key, 3, 1)
    assert body["notes"] == "Our EPR is live." and body["updated_by"] == "Rosa Respondent"
    event = AuditEvent.objects.get(assessment=northmoor, action="answer")
    assert (event.actor, event.question_key, event.after) == (
        world.respondent,
        question.key,
        {"level": 3, "notes": "Our EPR is live."},
    )
    listed = client.get(url(northmoor, "answers/")).json()["results"]
    assert [(a["question"], a["level"]) for a in listed] == [(question.key, 3)]
    assert client.get(url(northmoor, f"answers/{question.key}/")).json()["revision"] == 1


def test_a_stale_revision_is_a_409_with_the_current_answer(world, as_user, colleague, northmoor):
    question = northmoor.questions()[0]
    path = url(northmoor, f"answers/{question.key}/")
    assert (
        as_user(world.respondent).put(path, {"level": 2, "expected_revision": 0}).status_code == 200
    )
    response = as_user(colleague).put(path, {"level": 5, "expected_revision": 0})
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "answer_conflict"
    assert "Rosa Respondent changed this answer" in body["detail"]
    assert (body["current"]["level"], body["current"]["revision"]) == (2, 1)
    assert Answer.objects.get().level == 2  # never a silent overwrite
    again = as_user(colleague).put(path, {"level": 5, "expected_revision": 1})
    assert again.status_code == 200 and again.json()["level"] == 5


@pytest.mark.parametrize(
    "body, field",
    [
        ({"level": 6, "expected_revision": 0}, "level"),
        ({"level": 3}, "expected_revision"),
        ({"level": 3, "expected_revision": -1}, "expected_revision"),
        ({"level": 3, "not_applicable": True, "expected_revision": 0}, "non_field_errors"),
        ({"notes": "x" * 5001, "expected_revision": 0}, "notes"),
    ],
)
def test_a_bad_answer_is_refused_by_field_and_saves_nothing(world, as_user, northmoor, body, field):
    question = northmoor.questions()[0]
    response = as_user(world.respondent).put(url(northmoor, f"answers/{question.key}/"), body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Answer.objects.exists()


def test_a_rule_of_the_service_is_a_400_with_its_message(world, as_user, northmoor):
    question = northmoor.questions()[0]
    response = as_user(world.respondent).put(
        url(northmoor, f"answers/{question.key}/"),
        {"not_applicable": True, "expected_revision": 0},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Say why this question does not apply to your organisation."
    assert not Answer.objects.exists()


def test_an_unknown_question_is_a_404(world, as_user, northmoor):
    response = as_user(world.respondent).put(
        url(northmoor, "answers/no-such-question/"), {"level": 3, "expected_revision": 0}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["approver", "board_org", "sro", "analyst"])
def test_someone_who_may_see_but_not_answer_gets_a_403(world, as_user, northmoor, persona):
    question = northmoor.questions()[0]
    response = as_user(world.users[persona]).put(
        url(northmoor, f"answers/{question.key}/"), {"level": 3, "expected_revision": 0}
    )
    assert response.status_code == 403
    assert "You cannot answer questions for Northmoor" in response.json()["detail"]
    assert not Answer.objects.exists()


# --- sign-off ----------------------------------------------------------------------------------


def test_submit_approve_and_reopen_through_the_services(world, as_user, northmoor):
    respondent = as_user(world.respondent)
    refused = respondent.post(url(northmoor, "submit/"))
    assert refused.status_code == 400
    assert "cannot be submitted yet" in refused.json()["detail"]

    answer_all(respondent, northmoor)
    submitted = respondent.post(url(northmoor, "submit/"))
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert as_user(world.respondent).post(url(northmoor, "approve/")).status_code == 403
    assert as_user(world.respondent).get(url(northmoor, "scores/")).status_code == 404

    approved = as_user(world.approver).post(url(northmoor, "approve/"))
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["overall_score"] == "3.00000000"

    scores = as_user(world.board_org, "read").get(url(northmoor, "scores/")).json()
    assert scores["overall"] == "3.00000000"
    assert {m["score"] for m in scores["measures"]} == {"3.00000000"}
    assert len(scores["questions"]) == len(northmoor.questions())
    assert "weighted mean" in scores["method"]

    assert (
        as_user(world.approver).post(url(northmoor, "reopen/"), {"reason": "x"}).status_code == 403
    )
    no_reason = as_user(world.national).post(url(northmoor, "reopen/"), {})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    reopened = as_user(world.national).post(url(northmoor, "reopen/"), {"reason": "A typo"})
    assert reopened.status_code == 200 and reopened.json()["status"] == "draft"
    assert as_user(world.respondent).get(url(northmoor, "scores/")).status_code == 404

    statuses = [
        (e.actor.username, e.after["status"], e.comment)
        for e in AuditEvent.objects.filter(assessment=northmoor, action="status").order_by("pk")
    ]
    assert statuses == [
        ("respondent", "submitted", ""),
        ("approver", "approved", ""),
        ("national", "draft", "A typo"),
    ]


def test_an_approver_returns_a_submission_with_a_comment(world, as_user, northmoor):
    answer_all(as_user(world.respondent), northmoor)
    as_user(world.respondent).post(url(northmoor, "submit/"))
    approver = as_user(world.approver)
    assert "comment" in approver.post(url(northmoor, "return/"), {}).json()["errors"]
    blank = approver.post(url(northmoor, "return/"), {"comment": "   "})
    assert blank.status_code == 400
    returned = approver.post(url(northmoor, "return/"), {"comment": "Add evidence for 1.2"})
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_comment"] == "Add evidence for 1.2"
    again = approver.post(url(northmoor, "approve/"))
    assert again.status_code == 400
    assert again.json()["detail"] == "Only a submitted assessment can be approved."


def test_a_submitted_assessment_refuses_answers(world, as_user, northmoor):
    respondent = as_user(world.respondent)
    answer_all(respondent, northmoor)
    respondent.post(url(northmoor, "submit/"))
    question = northmoor.questions()[0]
    response = respondent.put(
        url(northmoor, f"answers/{question.key}/"), {"level": 1, "expected_revision": 1}
    )
    assert response.status_code == 400
    assert "submitted for approval" in response.json()["detail"]
