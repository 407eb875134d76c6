"""Sign-off pages: submit, review (approve or return), reopen, history and results."""

import pytest

from assessments.models import AuditEvent
from assessments.services import answer_save, assessment_submit
from frameworks.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(launched_assessment):
    return launched_assessment()


def answer(assessment, by, key, revision=0, **values):
    return answer_save(
        assessment=assessment,
        question=Question.objects.get(key=key),
        by=by,
        expected_revision=revision,
        **values,
    )


def answered(assessment, by):
    answer(assessment, by, "wl-strategy", level=2, target_level=4)
    answer(assessment, by, "sf-network", level=4)
    answer(assessment, by, "sf-cyber", not_applicable=True, not_applicable_reason="Outsourced.")
    return assessment


def submitted(assessment, world):
    answered(assessment, world.respondent)
    return assessment_submit(assessment=assessment, by=world.respondent)


def html(response) -> str:
    return response.content.decode()


# --- who may open what --------------------------------------------------------------------


@pytest.mark.parametrize("page_name", ["submit", "review", "reopen", "history", "results"])
def test_outsiders_get_not_found_on_every_sign_off_page(client, world, assessment, page_name):
    for outsider in (world.other_respondent, world.other_sro, world.other_analyst, world.nobody):
        client.force_login(outsider)
        assert client.get(f"/assessments/{assessment.pk}/{page_name}/").status_code == 404
        assert client.post(f"/assessments/{assessment.pk}/{page_name}/").status_code == 404


def test_people_who_may_see_but_not_act_are_refused(client, world, assessment):
    client.force_login(world.sro)
    assert client.get(f"/assessments/{assessment.pk}/results/").status_code == 200
    assert client.post(f"/assessments/{assessment.pk}/submit/").status_code == 403
    assert (
        client.post(f"/assessments/{assessment.pk}/review/", {"decision": "approve"}).status_code
        == 403
    )
    assert client.post(f"/assessments/{assessment.pk}/reopen/", {"reason": "x"}).status_code == 403
    client.force_login(world.respondent)
    assert client.get(f"/assessments/{assessment.pk}/review/").status_code == 403


# --- submit ------------------------------------------------------------------------------------


def test_the_submit_page_lists_exactly_what_is_missing(client, world, assessment):
    answer(assessment, world.respondent, "sf-network", level=3)
    client.force_login(world.respondent)
    page = html(client.get(f"/assessments/{assessment.pk}/submit/"))
    assert "2 of 3 questions still need attention" in page
    assert "How mature is wl-strategy?" in page and "How mature is sf-cyber?" in page
    assert "How mature is sf-network?" not in page
    assert f'href="/assessments/{assessment.pk}/measures/well-led/#question-wl-strategy"' in page

    response = client.post(f"/assessments/{assessment.pk}/submit/")
    assert response.status_code == 400
    assert "2 questions still need an answer" in html(response)
    assessment.refresh_from_db()
    assert assessment.status == "draft"


def test_a_complete_assessment_is_submitted(client, world, assessment):
    answered(assessment, world.respondent)
    client.force_login(world.respondent)
    assert "All 3 questions have been answered" in html(
        client.get(f"/assessments/{assessment.pk}/submit/")
    )
    response = client.post(f"/assessments/{assessment.pk}/submit/")
    assert response.status_code == 302 and response["Location"] == f"/assessments/{assessment.pk}/"
    assessment.refresh_from_db()
    assert (assessment.status, assessment.submitted_by) == ("submitted", world.respondent)


# --- review --------------------------------------------------------------------------------------


def test_the_approver_sees_scores_and_gaps_before_deciding(client, world, assessment):
    submitted(assessment, world)
    client.force_login(world.approver)
    page = html(client.get(f"/assessments/{assessment.pk}/review/"))
    assert "Submitted by Rosa Respondent" in page
    assert "Scores by success measure (provisional)" in page
    assert "2 answered questions have no evidence" in page
    assert "Outsourced." in page


def test_a_decision_must_be_chosen_and_a_return_needs_a_comment(client, world, assessment):
    submitted(assessment, world)
    client.force_login(world.approver)
    response = client.post(f"/assessments/{assessment.pk}/review/", {})
    assert response.status_code == 400
    assert "Choose whether to approve the assessment or return it" in html(response)
    response = client.post(
        f"/assessments/{assessment.pk}/review/", {"decision": "return", "comment": " "}
    )
    assert response.status_code == 400
    assert "Say what needs to change" in html(response)
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_returning_then_approving(client, world, assessment):
    submitted(assessment, world)
    client.force_login(world.approver)
    response = client.post(
        f"/assessments/{assessment.pk}/review/",
        {"decision": "return", "comment": "Add evidence for the network."},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.return_comment) == (
        "returned",
        "Add evidence for the network.",
    )

    assessment_submit(assessment=assessment, by=world.respondent)
    response = client.post(f"/assessments/{assessment.pk}/review/", {"decision": "approve"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "approved"
    assert str(assessment.overall_score) == "3.20000000"  # (2*1 + 4*1.5) / 2.5


# --- reopen --------------------------------------------------------------------------------------


def test_a_national_administrator_reopens_with_a_reason(client, world, assessment):
    submitted(assessment, world)
    client.force_login(world.approver)
    client.post(f"/assessments/{assessment.pk}/review/", {"decision": "approve"})
    client.force_login(world.national)
    response = client.post(f"/assessments/{assessment.pk}/reopen/", {"reason": ""})
    assert response.status_code == 400
    assert "Give the reason for reopening the assessment" in html(response)
    response = client.post(
        f"/assessments/{assessment.pk}/reopen/", {"reason": "Answered for the wrong site."}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.overall_score) == ("draft", None)


# --- history and results ---------------------------------------------------------------------


def test_the_history_shows_who_changed_what_and_can_be_filtered_by_question(
    client, world, assessment
):
    answer(assessment, world.respondent, "sf-network", level=2)
    answer(assessment, world.respondent, "sf-network", revision=1, level=3, notes="New switches.")
    answer(assessment, world.respondent, "wl-strategy", level=1)
    client.force_login(world.sro)
    page = html(client.get(f"/assessments/{assessment.pk}/history/"))
    assert page.count("Rosa Respondent") == 3
    assert "Assessment created" in page
    page = html(client.get(f"/assessments/{assessment.pk}/history/?question=sf-network"))
    assert "Changes to: <strong>How mature is sf-network?</strong>" in page
    assert page.count("Answer changed") == 2
    assert "New switches." in page
    assert "How mature is wl-strategy?" not in page
    assert AuditEvent.objects.filter(assessment=assessment).count() == 4


def test_results_show_scores_targets_and_the_next_level_for_each_gap(client, world, assessment):
    answered(assessment, world.respondent)
    client.force_login(world.board_org)
    page = html(client.get(f"/assessments/{assessment.pk}/results/"))
    assert "These scores are provisional" in page
    assert "<strong>3.2</strong>" in page  # overall
    assert "Level 3 looks like this:</strong> wl-strategy level 3 is true." in page
    assert "How to get there:</strong> Do the things that lead to wl-strategy level 3." in page
    assert "How these scores are worked out" in page


def test_the_organisation_page_and_the_start_page_lead_to_the_assessment(client, world, assessment):
    client.force_login(world.respondent)
    page = html(client.get("/organisations/ZT001/"))
    assert f'<a href="/assessments/{assessment.pk}/">2026/27 assessment</a>' in page
    page = html(client.get("/"))
    assert f'href="/assessments/{assessment.pk}/"' in page
    assert "Northmoor Hospitals NHS Trust: 2026/27 assessment" in page
    assert 'href="/assigned-to-me/"' in page
    client.force_login(world.other_respondent)
    assert f'href="/assessments/{assessment.pk}/"' not in html(client.get("/"))


def test_each_question_links_to_its_own_history(client, world, assessment):
    client.force_login(world.respondent)
    page = html(client.get(f"/assessments/{assessment.pk}/measures/foundations/"))
    assert f'href="/assessments/{assessment.pk}/history/?question=sf-network"' in page
    assert f'href="/assessments/{assessment.pk}/history/?question=sf-cyber"' in page
