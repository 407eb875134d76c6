"""Confirming every answer from last year at once, in a success measure or the whole
assessment: a page lists what will be confirmed, each confirmation is audited as a single one
is, nothing changes in a submitted or approved assessment, and outsiders are refused."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment, AuditEvent
from assessments.services import (
    AssessmentError,
    NotAllowed,
    answer_save,
    answers_confirm,
    assessment_approve,
    assessment_submit,
)
from tests.assessments.test_assessment_workflow import answer_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def prefilled(world, launched_assessment):
    """Northmoor's 2026/27 assessment, pre-filled from 2025/26: wl-strategy level 3,
    sf-network not applicable, sf-cyber level 3 (the acute trust's three questions)."""
    last = launched_assessment(
        opens_on=dt.date(2025, 5, 1), name="2025/26", care_settings=["acute"]
    )
    answer_all(last, world.respondent)
    sf_network = last.answers.get(question__key="sf-network")
    answer_save(
        assessment=last,
        question=sf_network.question,
        by=world.respondent,
        expected_revision=sf_network.revision,
        not_applicable=True,
        not_applicable_reason="Run by the ICB.",
    )
    return launched_assessment(
        opens_on=dt.date(2026, 5, 1),
        name="2026/27",
        care_settings=["acute"],
        framework_version=last.framework_version,
    )


def expected(assessment, measure_key=""):
    answers = Answer.objects.filter(assessment=assessment, from_last_year=True)
    if measure_key:
        answers = answers.filter(question__measure__key=measure_key)
    return {a.question_id: a.revision for a in answers}


def form(shown: dict[int, int]) -> dict[str, int]:
    """What the confirmation page posts: the revision of each answer it listed."""
    return {f"revision-{question_id}": revision for question_id, revision in shown.items()}


def confirmations(assessment):
    return list(
        AuditEvent.objects.filter(assessment=assessment, action=AuditEvent.Action.CONFIRMED)
        .order_by("pk")
        .values_list("question_key", "measure_key", "before", "after", "actor__username")
    )


def test_a_section_is_confirmed_in_one_step_and_each_answer_is_audited(client, world, prefilled):
    client.force_login(world.respondent)
    measure_url = reverse("assessments:measure", args=[prefilled.pk, "foundations"])
    page = client.get(measure_url).content.decode()
    confirm_url = reverse("assessments:confirm_measure", args=[prefilled.pk, "foundations"])
    assert f'href="{confirm_url}"' in page
    assert "Confirm every answer from last year in this section (2)" in page

    listing = client.get(confirm_url).content.decode()
    assert "These 2 answers from last year will become this year" in listing
    assert "1. How mature is sf-network?" in listing
    assert "Not applicable: Run by the ICB." in listing
    assert "2. How mature is sf-cyber?" in listing
    assert "wl-strategy" not in listing  # another section
    assert "Confirm these 2 answers" in listing

    response = client.post(confirm_url, form(expected(prefilled, "foundations")))
    assert response.status_code == 303 and response["Location"] == measure_url
    left = dict(
        Answer.objects.filter(assessment=prefilled).values_list("question__key", "from_last_year")
    )
    assert left == {"wl-strategy": True, "sf-network": False, "sf-cyber": False}
    assert confirmations(prefilled) == [
        (
            "sf-network",
            "foundations",
            {"from_last_year": True},
            {"from_last_year": False},
            "respondent",
        ),
        (
            "sf-cyber",
            "foundations",
            {"from_last_year": True},
            {"from_last_year": False},
            "respondent",
        ),
    ]
    network = Answer.objects.get(assessment=prefilled, question__key="sf-network")
    assert (network.not_applicable, network.not_applicable_reason, network.revision) == (
        True,
        "Run by the ICB.",
        1,
    )
    page = client.get(measure_url).content.decode()
    assert re.search(r"2 answers from last year confirmed at \d\d:\d\d:\d\d\.", page)
    assert "Confirm every answer from last year in this section" not in page


def test_the_whole_assessment_is_confirmed_in_one_step(client, world, prefilled):
    client.force_login(world.respondent)
    overview = client.get(reverse("assessments:assessment", args=[prefilled.pk])).content.decode()
    url = reverse("assessments:confirm_all", args=[prefilled.pk])
    assert "Confirm every answer from last year in the whole assessment (3)" in overview
    listing = client.get(url).content.decode()
    assert listing.count("How mature is") == 3
    assert client.post(url, form(expected(prefilled))).status_code == 303
    assert not Answer.objects.filter(assessment=prefilled, from_last_year=True).exists()
    assert [row[0] for row in confirmations(prefilled)] == ["wl-strategy", "sf-network", "sf-cyber"]
    # and now it can be submitted as it stands
    assessment_submit(assessment=prefilled, by=world.respondent)


def test_an_answer_changed_since_the_list_was_shown_is_left_alone(client, world, prefilled):
    client.force_login(world.respondent)
    shown = expected(prefilled)
    cyber = Answer.objects.get(assessment=prefilled, question__key="sf-cyber")
    answer_save(
        assessment=prefilled,
        question=cyber.question,
        by=world.respondent,
        expected_revision=0,
        level=5,
    )
    response = client.post(
        reverse("assessments:confirm_all", args=[prefilled.pk]), form(shown), follow=True
    )
    page = response.content.decode()
    assert "2 answers from last year confirmed" in page
    assert "1 changed by someone else since you opened the list was left as they are" in page
    cyber.refresh_from_db()
    assert (cyber.level, cyber.from_last_year) == (5, False)
    assert [row[0] for row in confirmations(prefilled)] == ["wl-strategy", "sf-network"]


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_nothing_is_confirmed_in_a_submitted_or_approved_assessment(
    client, world, prefilled, status
):
    # Submitted with the pre-filled answers confirmed one question short: force the status as
    # the workflow would leave it, keeping one answer still from last year.
    shown = expected(prefilled)
    Assessment.objects.filter(pk=prefilled.pk).update(status="submitted")
    if status == "approved":
        Assessment.objects.filter(pk=prefilled.pk).update(
            status="approved", decided_at="2026-06-01T12:00:00Z"
        )
    client.force_login(world.respondent)
    url = reverse("assessments:confirm_all", args=[prefilled.pk])
    page = client.get(url).content.decode()
    assert "Confirm these" not in page
    assert f"has been {status}" in page
    response = client.post(url, form(shown))
    assert response.status_code == 400
    assert f"has been {status}" in response.content.decode()
    with pytest.raises(AssessmentError):
        answers_confirm(assessment=prefilled, by=world.respondent, expected=shown)
    assert confirmations(prefilled) == []
    assert Answer.objects.filter(assessment=prefilled, from_last_year=True).count() == 3


def test_after_a_real_submission_and_approval_nothing_can_be_confirmed(world, launched_assessment):
    assessment = launched_assessment(care_settings=["acute"])
    answer_all(assessment, world.respondent)
    assessment_submit(assessment=assessment, by=world.respondent)
    with pytest.raises(AssessmentError, match="submitted"):
        answers_confirm(assessment=assessment, by=world.respondent, expected={1: 0})
    assessment_approve(assessment=assessment, by=world.approver)
    with pytest.raises(AssessmentError, match="approved"):
        answers_confirm(assessment=assessment, by=world.respondent, expected={1: 0})


def test_outsiders_and_readers_cannot_confirm(client, world, prefilled):
    shown = expected(prefilled)
    urls = [
        reverse("assessments:confirm_all", args=[prefilled.pk]),
        reverse("assessments:confirm_measure", args=[prefilled.pk, "foundations"]),
    ]
    for person, status in (
        ("other_respondent", 404),
        ("other_sro", 404),
        ("sro", 403),
        ("approver", 403),
    ):
        client.force_login(getattr(world, person))
        for url in urls:
            assert client.get(url).status_code == status, (person, url)
            assert client.post(url, form(shown)).status_code == status, (person, url)
    with pytest.raises(NotAllowed):
        answers_confirm(assessment=prefilled, by=world.sro, expected=shown)
    assert confirmations(prefilled) == []
    client.force_login(world.respondent)
    bad = reverse("assessments:confirm_measure", args=[prefilled.pk, "no-such-measure"])
    assert client.get(bad).status_code == 404


def test_nothing_left_to_confirm_is_said_plainly(client, world, prefilled):
    client.force_login(world.respondent)
    url = reverse("assessments:confirm_measure", args=[prefilled.pk, "well-led"])
    client.post(url, form(expected(prefilled, "well-led")))
    page = client.get(url).content.decode()
    assert "There are no answers from last year left to confirm in this success measure." in page
    response = client.post(url, {"revision-abc": "x"})
    assert response.status_code == 400
    assert "no answers from last year left to confirm" in response.content.decode()
