"""The fixes from the tried-as-a-new-user walk-through (issue 12): each as the person sees it."""

import re

import pytest
from django.urls import reverse

from assessments.models import Answer
from assessments.services import answer_save, answers_confirm, assessment_submit
from tests.assessments.test_assessment_workflow import answer_all
from tests.assessments.test_confirm_all import prefilled  # noqa: F401  (a fixture)
from tests.assessments.test_questionnaire_views import HTMX, answer_url, html, post_answer

pytestmark = pytest.mark.django_db


def test_not_applicable_without_a_reason_says_the_old_answer_stays(client, world, prefilled):  # noqa: F811
    client.force_login(world.respondent)
    response = post_answer(client, prefilled, "wl-strategy", level="na")
    assert response.status_code == 400
    text = re.sub(r"\s+", " ", html(response))
    assert 'class="waymark-save-status--failed"' in text
    assert "Not saved yet: say why this question does not apply to your organisation." in text
    assert (
        "Until you do, the saved answer stays &ldquo;Level 3: wl-strategy level 3 is true.&rdquo;"
        in text
    )
    answer = Answer.objects.get(assessment=prefilled, question__key="wl-strategy")
    assert (answer.level, answer.not_applicable, answer.revision) == (3, False, 0)


def test_the_conflict_panel_says_no_notes_not_none(client, world, launched_assessment, colleague):
    assessment = launched_assessment()
    client.force_login(colleague)
    post_answer(client, assessment, level=2)
    client.force_login(world.respondent)
    response = post_answer(client, assessment, level=4)  # from a stale page: revision 0
    assert response.status_code == 409
    page = html(response)
    assert page.count('<td class="nhsuk-table__cell waymark-notes">No notes</td>') == 2
    assert ">None<" not in page


def test_the_history_says_confirmations_in_words_and_keeps_dates_on_one_line(
    client,
    world,
    prefilled,  # noqa: F811
):
    confirm = Answer.objects.get(assessment=prefilled, question__key="wl-strategy")
    answers_confirm(assessment=prefilled, by=world.respondent, expected={confirm.question_id: 0})
    change = Answer.objects.get(assessment=prefilled, question__key="sf-cyber")
    answer_save(
        assessment=prefilled,
        question=change.question,
        by=world.respondent,
        expected_revision=0,
        level=5,
    )
    client.force_login(world.respondent)
    page = html(client.get(reverse("assessments:history", args=[prefilled.pk])))
    assert "From last year:" not in page
    assert "Last year&#39;s answer kept, unchanged, as this year&#39;s answer." in page or (
        "Last year's answer kept, unchanged, as this year's answer." in page
    )
    assert "Replaced last year&#39;s answer." in page or "Replaced last year's answer." in page
    assert re.search(r"Level: .*?3</span>.*?5</p>", page, re.S)
    assert re.search(
        r'<td class="nhsuk-table__cell">\d{1,2}\u00a0\w{3}\u00a0\d{4}<br>\d\d:\d\d</td>', page
    )
    assert "<title>History - Northmoor Hospitals NHS Trust: 2026/27" in page


def test_the_task_list_says_last_years_answers_wait_not_in_progress(client, world, prefilled):  # noqa: F811
    client.force_login(world.respondent)
    page = html(client.get(reverse("assessments:assessment", args=[prefilled.pk])))
    assert "In progress" not in page
    assert (
        page.count("Last year&#39;s answers to confirm")
        + page.count("Last year's answers to confirm")
        == 2
    )
    assert "0 of 2 questions answered, 2 from last year to confirm." in page
    post_answer(client, prefilled, "sf-cyber", level=4)
    page = html(client.get(reverse("assessments:assessment", args=[prefilled.pk])))
    assert "1 of 2 questions answered, 1 from last year to confirm." in page
    assert page.count("In progress") == 2  # the assessment's status, and that section's


def test_results_title_names_the_organisation_and_a_submitted_overview_does_not_promise_saving(
    client, world, launched_assessment
):
    assessment = launched_assessment()
    client.force_login(world.respondent)
    overview = html(client.get(reverse("assessments:assessment", args=[assessment.pk])))
    assert "Each answer is saved as you choose it." in overview
    results = html(client.get(reverse("assessments:results", args=[assessment.pk])))
    assert "<title>Results - Northmoor Hospitals NHS Trust: 2026/27 assessment" in results
    answer_all(assessment, world.respondent)
    assessment_submit(assessment=assessment, by=world.respondent)
    overview = html(client.get(reverse("assessments:assessment", args=[assessment.pk])))
    assert "Each answer is saved as you choose it." not in overview
    assert "has been submitted for approval" in overview


def test_role_names_are_written_as_they_are(client, world):
    client.force_login(world.national)
    assert "Your role: National administrator." in html(client.get(reverse("assessments:home")))
    client.force_login(world.respondent)
    assert "Your organisation. Your role: Respondent." in html(client.get(reverse("start")))
    client.force_login(world.sro)
    assert "Your role: Digital SRO." in html(client.get(reverse("start")))


def test_about_waymark_is_its_own_page_and_the_start_page_promises_what_exists(client, world):
    client.force_login(world.respondent)
    start = html(client.get(reverse("start")))
    assert f'href="{reverse("about")}"' in start
    about = client.get(reverse("about"))
    assert about.status_code == 200
    assert "<h1>About Waymark</h1>" in html(about)
    assert "Publish new versions" not in start
    assert reverse("frameworks:list") in start  # what it does offer framework readers
    assert HTMX and answer_url  # the helpers this module shares with the questionnaire tests
