"""The questionnaire pages: the task list, a success measure's questions, saving answers with
htmx and without JavaScript, conflicts, bad inputs, evidence, assignment, and who may do what."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext
from markupsafe import Markup

from assessments.evidence_files import MAX_EVIDENCE_BYTES
from assessments.models import (
    Answer,
    Assessment,
    Assignment,
    AuditEvent,
    Evidence,
)
from assessments.services import (
    answer_save,
    assessment_submit,
    evidence_add_file,
    evidence_add_link,
    section_assign,
)
from frameworks.models import Question
from tests.frameworks.documents import question, wordy_measure

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTMX = {"HTTP_HX_REQUEST": "true"}
MANY = 15  # questions in the big success measure


ICB_ONLY_MEASURE = {
    "key": "icb-only",
    "label": "Only for ICBs",
    "weight": 1,
    "questions": [question("icb-q", applies_to=["icb"])],
}


@pytest.fixture
def assessment(launched_assessment):
    """Well led (wl-strategy; wl-board is for ICBs only) and Ensure smart foundations
    (sf-network, sf-cyber), and a measure with no question for an acute trust."""
    return launched_assessment(framework_version__extra_measures=[ICB_ONLY_MEASURE])


def q(key):
    return Question.objects.get(key=key)


def urls(assessment, evidence_pk=1):
    pk = assessment.pk
    return {
        "overview": f"/assessments/{pk}/",
        "measure": f"/assessments/{pk}/measures/well-led/",
        "answer": f"/assessments/{pk}/questions/wl-strategy/answer/",
        "evidence_add": f"/assessments/{pk}/questions/wl-strategy/evidence/",
        "evidence_download": f"/assessments/{pk}/evidence/{evidence_pk}/",
        "evidence_remove": f"/assessments/{pk}/evidence/{evidence_pk}/remove/",
        "assign": f"/assessments/{pk}/assign/",
    }


def answer_url(assessment, key="wl-strategy"):
    return f"/assessments/{assessment.pk}/questions/{key}/answer/"


def post_answer(client, assessment, key="wl-strategy", *, htmx=True, revision=0, **values):
    data = {
        "revision": str(revision),
        "level": "",
        "target_level": "",
        "notes": "",
        "not_applicable_reason": "",
        **{k: str(v) for k, v in values.items()},
    }
    return client.post(answer_url(assessment, key), data, **(HTMX if htmx else {}))


def html(response) -> str:
    return response.content.decode()


def the_answer(assessment, key="wl-strategy"):
    return Answer.objects.filter(assessment=assessment, question__key=key).first()


def signed_in(client, user):
    client.force_login(user)
    return client


# --- the task list ----------------------------------------------------------------------------


def test_the_overview_lists_the_measures_asked_with_progress_and_assignees(
    client, world, assessment
):
    answer_save(
        assessment=assessment,
        question=q("sf-network"),
        by=world.respondent,
        expected_revision=0,
        level=3,
    )
    answer_save(
        assessment=assessment,
        question=q("wl-strategy"),
        by=world.respondent,
        expected_revision=0,
        not_applicable=True,
        not_applicable_reason="Not ours.",
    )
    section_assign(
        assessment=assessment,
        measure=q("sf-network").measure,
        assignee=world.respondent,
        by=world.respondent,
    )
    page = html(signed_in(client, world.respondent).get(urls(assessment)["overview"]))

    assert "2 of 3 questions answered" in page
    assert 'class="nhsuk-task-list"' in page
    well_led = re.search(r'href="[^"]*/measures/well-led/".*?</li>', page, re.S).group(0)
    assert "1 of 1 question answered" in well_led and "Completed" in well_led
    assert "Not assigned" in well_led
    foundations = re.search(r'href="[^"]*/measures/foundations/".*?</li>', page, re.S).group(0)
    assert "1 of 2 questions answered" in foundations and "In progress" in foundations
    assert "Assigned to Rosa Respondent" in foundations
    assert "Only for ICBs" not in page
    for name in ("assign", "submit", "history"):
        assert f'href="/assessments/{assessment.pk}/{name}/"' in page
    assert f"/assessments/{assessment.pk}/review/" not in page  # not an approver


def test_the_overview_shows_a_returned_assessment_with_its_comment(client, world, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(
        status="returned", return_comment="Add evidence for cyber security."
    )
    page = html(signed_in(client, world.respondent).get(urls(assessment)["overview"]))
    assert "Returned with comments" in page
    assert "Add evidence for cyber security." in page


def test_an_approver_is_offered_the_review_of_a_submitted_assessment(client, world, assessment):
    for key in ("wl-strategy", "sf-network", "sf-cyber"):
        answer_save(
            assessment=assessment,
            question=q(key),
            by=world.respondent,
            expected_revision=0,
            level=2,
        )
    assessment_submit(assessment=assessment, by=world.respondent)
    page = html(signed_in(client, world.approver).get(urls(assessment)["overview"]))
    assert f'href="/assessments/{assessment.pk}/review/"' in page
    assert "Submitted for approval by Rosa Respondent" in page
    assert f'href="/assessments/{assessment.pk}/submit/"' not in page


# --- a success measure ------------------------------------------------------------------------


def test_a_measure_page_shows_each_applicable_question_as_a_form_that_saves_itself(
    client, world, assessment
):
    response = signed_in(client, world.respondent).get(urls(assessment)["measure"])
    page = html(response)
    assert response.status_code == 200
    assert "How mature is wl-strategy?" in page and "Consider wl-strategy carefully." in page
    assert "wl-board" not in page  # for ICBs only
    form = re.search(r'<form id="question-wl-strategy-form".*?</form>', page, re.S).group(0)
    assert (
        f'action="{answer_url(assessment)}"' in form
        and f'hx-post="{answer_url(assessment)}"' in form
    )
    assert 'hx-trigger="change, submit, keyup changed delay:1500ms"' in form
    assert 'name="revision" value="0"' in form and 'name="csrfmiddlewaretoken"' in form
    for n in range(1, 6):
        assert (
            f'<span class="waymark-level-number">Level {n}</span> wl-strategy level {n} is true.'
        ) in form
    assert (
        'value="na"' in form
        and 'data-aria-controls="conditional-question-wl-strategy-level-7"' in form
    )
    assert 'name="not_applicable_reason"' in form
    assert 'name="target_level"' in form and 'name="notes"' in form
    assert 'class="nhsuk-button nhsuk-button--secondary waymark-no-js-only"' in form
    assert 'role="status" aria-live="polite"' in form
    assert 'enctype="multipart/form-data"' in page
    assert f'action="/assessments/{assessment.pk}/questions/wl-strategy/evidence/"' in page


def test_a_measure_that_is_not_asked_or_does_not_exist_is_not_found(client, world, assessment):
    signed_in(client, world.respondent)
    for key in ("icb-only", "no-such-measure"):
        assert client.get(f"/assessments/{assessment.pk}/measures/{key}/").status_code == 404


# --- saving answers ---------------------------------------------------------------------------


def test_an_htmx_save_says_saved_and_returns_the_new_revision(client, world, assessment):
    signed_in(client, world.respondent)
    response = post_answer(client, assessment, level=3, notes="Board paper, May.")
    assert response.status_code == 200
    assert re.match(r"\s*Saved at \d\d:\d\d:\d\d", html(response))
    assert (
        '<input type="hidden" name="revision" value="1" id="question-wl-strategy-revision" '
        'hx-swap-oob="true">'
    ) in html(response)
    answer = the_answer(assessment)
    assert (answer.level, answer.notes, answer.revision, answer.updated_by) == (
        3,
        "Board paper, May.",
        1,
        world.respondent,
    )

    response = post_answer(
        client, assessment, revision=1, level=4, target_level=5, notes="Board paper, May."
    )
    assert 'value="2"' in html(response)
    answer.refresh_from_db()
    assert (answer.level, answer.target_level, answer.revision) == (4, 5, 2)
    assert AuditEvent.objects.filter(assessment=assessment, action="answer").count() == 2


def test_coming_back_shows_exactly_the_saved_answers(client, world, assessment):
    signed_in(client, world.respondent)
    post_answer(client, assessment, level=2, target_level=4, notes="Strategy <draft>")
    post_answer(client, assessment, "sf-cyber", level="na", not_applicable_reason="Run by the ICB.")
    page = html(client.get(urls(assessment)["measure"]))
    wl = re.search(r'<form id="question-wl-strategy-form".*?</form>', page, re.S).group(0)
    assert re.search(r'value="2"\s+checked', wl)
    assert len(re.findall(r"\bchecked\b", wl)) == 1
    assert re.search(r'<option value="4"\s+selected', wl)
    assert "Strategy &lt;draft&gt;</textarea>" in wl
    assert 'name="revision" value="1"' in wl
    cyber = html(client.get(f"/assessments/{assessment.pk}/measures/foundations/"))
    cyber = re.search(r'<form id="question-sf-cyber-form".*?</form>', cyber, re.S).group(0)
    assert re.search(r'value="na"\s+checked', cyber)
    assert "Run by the ICB.</textarea>" in cyber


def test_without_javascript_a_save_redirects_back_to_the_question(client, world, assessment):
    signed_in(client, world.respondent)
    response = post_answer(client, assessment, htmx=False, level=3)
    assert response.status_code == 303
    assert response["Location"] == (
        f"/assessments/{assessment.pk}/measures/well-led/?saved=wl-strategy#question-wl-strategy"
    )
    page = html(client.get(response["Location"]))
    assert re.search(r'id="question-wl-strategy-status"[^>]*>Saved at \d\d:\d\d:\d\d</p>', page)
    assert the_answer(assessment).level == 3


def test_not_applicable_needs_a_reason(client, world, assessment):
    signed_in(client, world.respondent)
    # Just chosen with htmx: not saved, said plainly (not in the colour of a save), until they
    # say why.
    response = post_answer(client, assessment, level="na")
    assert response.status_code == 400
    assert '<span class="waymark-save-status--failed">Not saved yet: say why' in html(response)
    assert "Until you do, it stays unanswered." in html(response)
    assert the_answer(assessment) is None
    # Saved without JavaScript and without a reason: the error, on the page and in the summary.
    response = post_answer(client, assessment, htmx=False, level="na")
    page = html(response)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert 'href="#question-wl-strategy-reason"' in page
    assert 'id="question-wl-strategy-reason-error"' in page
    assert "Say why this question does not apply to your organisation" in page
    assert the_answer(assessment) is None

    response = post_answer(client, assessment, level="na", not_applicable_reason="Run by the ICB.")
    assert response.status_code == 200
    answer = the_answer(assessment)
    assert (answer.not_applicable, answer.not_applicable_reason, answer.level) == (
        True,
        "Run by the ICB.",
        None,
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"level": 9}, "level", "Choose a level from 1 to 5, or not applicable"),
        ({"level": "three"}, "level", "Choose a level from 1 to 5, or not applicable"),
        ({"level": 3, "target_level": 7}, "target_level", "Choose a target level from 1 to 5"),
        ({"level": 3, "notes": "x" * 5001}, "notes", "Notes must be 5,000 characters or fewer"),
        ({"level": 3, "revision": "-1"}, "level", "This page is out of date"),
    ],
)
def test_bad_answers_are_refused_with_a_clear_message_and_nothing_written(
    client, world, assessment, values, field, message
):
    signed_in(client, world.respondent)
    ids = {"level": "level", "target_level": "target", "notes": "notes"}
    response = post_answer(client, assessment, **values)
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#question-wl-strategy-answer"
    assert response["HX-Reswap"] == "outerHTML"
    assert message in html(response)
    assert f'id="question-wl-strategy-{ids[field]}-error"' in html(response)
    assert 'name="block" value="1"' in html(response)

    response = post_answer(client, assessment, htmx=False, **values)
    assert response.status_code == 400
    assert "There is a problem" in html(response) and message in html(response)
    assert f'href="#question-wl-strategy-{ids[field]}"' in html(response)
    assert the_answer(assessment) is None
    assert not AuditEvent.objects.filter(action="answer").exists()


def test_a_save_after_an_error_puts_the_ordinary_form_back(client, world, assessment):
    signed_in(client, world.respondent)
    post_answer(client, assessment, level=9)
    response = client.post(
        answer_url(assessment), {"revision": "0", "level": "3", "block": "1"}, **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#question-wl-strategy-answer"
    assert "nhsuk-error-message" not in html(response)
    assert re.search(r"Saved at \d\d:\d\d:\d\d</p>", html(response))
    assert 'name="revision" value="1"' in html(response)


def test_an_unknown_question_is_not_found(client, world, assessment):
    signed_in(client, world.respondent)
    assert post_answer(client, assessment, "no-such-question", level=3).status_code == 404
    for htmx in (True, False):  # wl-board is asked of ICBs only
        assert post_answer(client, assessment, "wl-board", htmx=htmx, level=3).status_code == 404
    assert not Answer.objects.exists()


# --- conflicts --------------------------------------------------------------------------------


def test_a_stale_save_shows_the_conflict_and_overwrites_nothing(
    client, world, assessment, colleague
):
    rosa, bea = signed_in(client, world.respondent), signed_in(Client(), colleague)
    assert 'name="revision" value="0"' in html(rosa.get(urls(assessment)["measure"]))
    assert post_answer(bea, assessment, level=4, notes="Approved in March.").status_code == 200

    response = post_answer(rosa, assessment, level=2, notes="Draft only.")
    page = html(response)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#question-wl-strategy-answer"
    assert "Bea Colleague changed this answer while you were working on it" in page
    assert re.search(r'theirs-level">Level 4: wl-strategy level 4 is true.<', page)
    assert re.search(r'mine-level">Level 2: wl-strategy level 2 is true.<', page)
    assert "Approved in March." in page and "Draft only." in page
    assert "Use my answer" in page and "Keep their answer" in page
    # "Use my answer" re-posts my answer at their revision.
    use_mine = re.search(r'<form method="post".*?Use my answer', page, re.S).group(0)
    assert 'name="revision" value="1"' in use_mine
    assert 'name="level" value="2"' in use_mine and 'name="notes" value="Draft only."' in use_mine
    answer = the_answer(assessment)
    assert (answer.level, answer.notes, answer.revision, answer.updated_by) == (
        4,
        "Approved in March.",
        1,
        colleague,
    )

    # "Keep their answer": the block as saved now.
    kept = rosa.get(answer_url(assessment), **HTMX)
    assert kept.status_code == 200
    assert re.search(r'value="4"\s+checked', html(kept)) and 'name="revision" value="1"' in html(
        kept
    )

    used = rosa.post(
        answer_url(assessment),
        {"revision": "1", "level": "2", "notes": "Draft only.", "block": "1"},
        **HTMX,
    )
    assert used.status_code == 200 and "Saved at" in html(used)
    answer.refresh_from_db()
    assert (answer.level, answer.notes, answer.revision, answer.updated_by) == (
        2,
        "Draft only.",
        2,
        world.respondent,
    )


def test_without_javascript_a_conflict_is_shown_on_the_page(client, world, assessment, colleague):
    answer_save(
        assessment=assessment, question=q("wl-strategy"), by=colleague, expected_revision=0, level=5
    )
    response = post_answer(signed_in(client, world.respondent), assessment, htmx=False, level=1)
    assert response.status_code == 409
    page = html(response)
    assert "There is a problem" in page and 'href="#question-wl-strategy-conflict"' in page
    assert "Bea Colleague changed this answer while you were working on it" in page
    assert the_answer(assessment).level == 5
    # Without JavaScript, "Keep their answer" goes back to the question.
    response = client.get(answer_url(assessment))
    assert response.status_code == 302
    assert response["Location"].endswith("/measures/well-led/#question-wl-strategy")


# --- answers from last year -------------------------------------------------------------------


@pytest.fixture
def prefilled(world, assessment, launched_assessment):
    """Last year's answer to wl-strategy, copied into a new round and not yet confirmed."""
    answer_save(
        assessment=assessment,
        question=q("wl-strategy"),
        by=world.respondent,
        expected_revision=0,
        level=3,
        notes="From the 2026 strategy.",
    )
    return launched_assessment(
        name="2027/28 assessment",
        opens_on=dt.date(2027, 5, 1),
        framework_version__version="2.0.0",
    )


def test_an_answer_from_last_year_is_confirmed_with_one_button(client, world, prefilled):
    signed_in(client, world.respondent)
    page = html(client.get(f"/assessments/{prefilled.pk}/measures/well-led/"))
    assert "From last year: confirm or change." in page
    assert 'name="action" value="confirm"' in page
    overview = html(client.get(f"/assessments/{prefilled.pk}/"))
    assert "0 of 3 questions answered, and 1 answer from last year to confirm" in overview

    response = client.post(
        answer_url(prefilled), {"revision": "0", "level": "3", "action": "confirm"}, **HTMX
    )
    assert response.status_code == 200 and "Saved at" in html(response)
    assert '<div id="question-wl-strategy-prefill" hx-swap-oob="true"></div>' in html(response)
    answer = the_answer(prefilled)
    assert (answer.from_last_year, answer.level, answer.revision) == (False, 3, 1)
    assert AuditEvent.objects.filter(assessment=prefilled, action="confirmed").count() == 1
    assert "From last year: confirm or change." not in html(
        client.get(f"/assessments/{prefilled.pk}/measures/well-led/")
    )


# --- evidence ---------------------------------------------------------------------------------


def upload(client, assessment, name, content, content_type="application/pdf"):
    return client.post(
        urls(assessment)["evidence_add"],
        {"kind": "file", "file": SimpleUploadedFile(name, content, content_type)},
    )


def test_a_respondent_adds_a_link_and_a_file_and_removes_them(client, world, assessment):
    signed_in(client, world.respondent)
    response = client.post(
        urls(assessment)["evidence_add"],
        {"kind": "link", "url": "https://www.example.nhs.uk/board", "title": "Board minutes"},
    )
    assert response.status_code == 303
    assert response["Location"].endswith("/measures/well-led/#question-wl-strategy-evidence")
    response = upload(client, assessment, "Digital strategy.pdf", PDF)
    assert response.status_code == 303

    link, file = Evidence.objects.filter(assessment=assessment).order_by("pk")
    assert (link.kind, link.url, link.title) == (
        "link",
        "https://www.example.nhs.uk/board",
        "Board minutes",
    )
    assert (file.kind, file.file_name, file.content_type) == (
        "file",
        "Digital strategy.pdf",
        "application/pdf",
    )
    page = html(client.get(urls(assessment)["measure"]))
    assert (
        '<a href="https://www.example.nhs.uk/board" rel="noopener noreferrer">Board minutes</a>'
        in page
    )
    assert (
        f'href="/assessments/{assessment.pk}/evidence/{file.pk}/">Digital strategy.pdf</a>' in page
    )
    assert f'action="/assessments/{assessment.pk}/evidence/{file.pk}/remove/"' in page

    response = client.post(f"/assessments/{assessment.pk}/evidence/{link.pk}/remove/")
    assert response.status_code == 303
    assert list(Evidence.objects.filter(assessment=assessment)) == [file]
    assert AuditEvent.objects.filter(action="evidence_removed").count() == 1


def test_evidence_downloads_as_an_attachment_to_those_who_may_see_it(client, world, assessment):
    evidence = evidence_add_file(
        assessment=assessment,
        question=q("wl-strategy"),
        by=world.respondent,
        upload=SimpleUploadedFile("minutes.pdf", PDF, "text/html"),
    )
    for user in (world.respondent, world.sro, world.approver):
        response = signed_in(client, user).get(urls(assessment, evidence.pk)["evidence_download"])
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert 'filename="minutes.pdf"' in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"


def test_evidence_of_another_assessment_is_not_found_through_this_one(client, world, assessment):
    tynebridge = Assessment.objects.get(round=assessment.round, organisation=world.tynebridge)
    theirs = Evidence.objects.create(
        assessment=tynebridge,
        question=q("wl-strategy"),
        kind="link",
        url="https://example.com/x",
        added_by=world.national,
    )
    link = evidence_add_link(
        assessment=assessment,
        question=q("wl-strategy"),
        url="https://example.com/y",
        title="",
        by=world.respondent,
    )
    signed_in(client, world.respondent)
    assert client.get(urls(assessment, theirs.pk)["evidence_download"]).status_code == 404
    assert client.post(urls(assessment, theirs.pk)["evidence_remove"]).status_code == 404
    assert client.get(urls(assessment, link.pk)["evidence_download"]).status_code == 404  # a link
    assert Evidence.objects.count() == 2


BIG = b"%PDF-1.4\n" + b"0" * MAX_EVIDENCE_BYTES


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "tool.exe",
            b"MZ\x90\x00" + b"\x00" * 60,
            "must be a PDF, Word, Excel, PowerPoint, PNG or JPEG",
        ),
        ("too-big.pdf", BIG, "must be 10 MB or smaller"),
        ("report.pdf", b"MZ\x90\x00" + b"\x00" * 60, "is called report.pdf but it is not a PDF"),
        (
            "report.pdf",
            b"<html><script>alert(1)</script></html>",
            "is called report.pdf but it is not a PDF",
        ),
        ("empty.pdf", b"", "The selected file is empty"),
        ("notes", PDF, "must end in its type"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_stored(
    client, world, assessment, name, content, message
):
    response = upload(signed_in(client, world.respondent), assessment, name, content)
    page = html(response)
    assert response.status_code == 400
    assert message in page
    assert (
        'href="#question-wl-strategy-file"' in page
        and 'id="question-wl-strategy-file-error"' in page
    )
    assert re.search(
        r'<details class="nhsuk-details" id="question-wl-strategy-add-evidence"\s+open', page
    )
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence_added").exists()


def test_no_file_chosen_is_refused(client, world, assessment):
    response = signed_in(client, world.respondent).post(
        urls(assessment)["evidence_add"], {"kind": "file"}
    )
    assert response.status_code == 400 and "Choose a file to upload" in html(response)


def test_a_path_in_a_file_name_is_dropped_and_the_file_stored_under_our_own_name(
    client, world, assessment
):
    response = upload(
        signed_in(client, world.respondent), assessment, "../../../etc/cron.d/evil.pdf", PDF
    )
    assert response.status_code == 303
    evidence = Evidence.objects.get()
    assert evidence.file_name == "evil.pdf"
    assert re.fullmatch(rf"evidence/{assessment.pk}/[0-9a-f]{{32}}\.pdf", evidence.file.name)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Enter a link to the evidence"),
        ("javascript:alert(1)", "must be a full web address starting with https://"),
        ("https://not a link", "Enter the link in the correct format"),
        ("https://user:secret@example.com/", "must not include a user name or password"),
    ],
)
def test_bad_links_are_refused_with_a_clear_message(client, world, assessment, url, message):
    response = signed_in(client, world.respondent).post(
        urls(assessment)["evidence_add"], {"kind": "link", "url": url, "title": "Minutes"}
    )
    page = html(response)
    assert response.status_code == 400
    assert message in page and 'href="#question-wl-strategy-link-url"' in page
    assert 'value="Minutes"' in page  # what they typed is kept
    assert not Evidence.objects.exists()


# --- who may do what --------------------------------------------------------------------------


def every_url(assessment, evidence_pk):
    return [*urls(assessment, evidence_pk).values(), "/assessments/99999/"]


@pytest.mark.parametrize("outsider", ["other_respondent", "other_sro", "nobody"])
def test_outsiders_get_not_found_on_every_url(client, world, assessment, outsider):
    evidence = evidence_add_file(
        assessment=assessment,
        question=q("wl-strategy"),
        by=world.respondent,
        upload=SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
    )
    signed_in(client, getattr(world, outsider))
    url = urls(assessment, evidence.pk)
    for name in ("overview", "measure", "answer", "evidence_download", "assign"):
        assert client.get(url[name]).status_code == 404, name
        assert client.get(url[name], **HTMX).status_code == 404, name
    for name in ("answer", "evidence_add", "evidence_remove", "assign"):
        for data in (
            {"revision": "0", "level": "3", "kind": "link", "url": "https://x.org/"},
            {"revision": "0", "level": "9"},
            {"revision": "0", "level": "na"},
        ):
            assert client.post(url[name], data).status_code == 404, name
            assert client.post(url[name], data, **HTMX).status_code == 404, name
    assert (
        client.post(
            urls(assessment)["evidence_add"],
            {"kind": "file", "file": SimpleUploadedFile("b.pdf", PDF)},
        ).status_code
        == 404
    )
    assert client.get("/assessments/99999/").status_code == 404
    assert not Answer.objects.exists() and list(Evidence.objects.all()) == [evidence]
    assert "/assessments/" not in html(client.get("/assigned-to-me/")).split("<main")[1]


def test_signing_in_comes_first(client, world, assessment):
    for url in [*urls(assessment).values(), "/assigned-to-me/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    # htmx would follow a redirect and show the sign-in page in the status line: it gets a 401.
    response = post_answer(client, assessment, level=3)
    assert response.status_code == 401 and "signed out" in html(response)


@pytest.mark.parametrize("viewer", ["sro", "approver", "analyst", "board_org", "national"])
def test_viewers_see_the_answers_read_only_and_cannot_post(client, world, assessment, viewer):
    answer_save(
        assessment=assessment,
        question=q("wl-strategy"),
        by=world.respondent,
        expected_revision=0,
        level=3,
        notes="Signed off in May.",
    )
    evidence = evidence_add_link(
        assessment=assessment,
        question=q("wl-strategy"),
        url="https://example.com/x",
        title="Minutes",
        by=world.respondent,
    )
    signed_in(client, getattr(world, viewer))
    assert client.get(urls(assessment)["overview"]).status_code == 200
    page = html(client.get(urls(assessment)["measure"]))
    assert "Level 3: wl-strategy level 3 is true." in page and "Signed off in May." in page
    assert "only the respondents of Northmoor Hospitals NHS Trust can answer" in page
    assert 'type="radio"' not in page and "/remove/" not in page and "Add evidence" not in page

    assert post_answer(client, assessment, revision=1, level=1).status_code == 403
    assert post_answer(client, assessment, htmx=False, revision=1, level=9).status_code == 403
    assert (
        client.post(
            urls(assessment)["evidence_add"], {"kind": "link", "url": "https://example.com/"}
        ).status_code
        == 403
    )
    assert client.post(urls(assessment, evidence.pk)["evidence_remove"]).status_code == 403
    assert client.get(urls(assessment)["assign"]).status_code == 403
    assert client.post(urls(assessment)["assign"]).status_code == 403
    answer = the_answer(assessment)
    assert (answer.level, answer.revision) == (3, 1) and Evidence.objects.count() == 1


def test_a_submitted_assessment_is_read_only_and_says_why(client, world, assessment):
    for key in ("wl-strategy", "sf-network", "sf-cyber"):
        answer_save(
            assessment=assessment,
            question=q(key),
            by=world.respondent,
            expected_revision=0,
            level=2,
        )
    assessment_submit(assessment=assessment, by=world.respondent)
    signed_in(client, world.respondent)
    page = html(client.get(urls(assessment)["measure"]))
    assert "has been submitted for approval, so its answers cannot be changed" in page
    assert 'type="radio"' not in page and "Add evidence" not in page
    overview = html(client.get(urls(assessment)["overview"]))
    assert "/assign/" not in overview and "/submit/" not in overview

    response = post_answer(client, assessment, revision=1, level=5)
    assert response.status_code == 400
    assert "submitted for approval, so it cannot be changed" in html(response)
    assert the_answer(assessment).level == 2
    assign_page = html(client.get(urls(assessment)["assign"]))
    assert "submitted for approval" in assign_page and "<select" not in assign_page
    response = client.post(
        urls(assessment)["assign"], {"measure-well-led": str(world.respondent.pk)}
    )
    assert response.status_code == 400 and "There is a problem" in html(response)
    assert not Assignment.objects.exists()


# --- assignment -------------------------------------------------------------------------------


def test_measures_are_assigned_to_respondents_of_the_organisation(
    client, world, assessment, colleague
):
    signed_in(client, world.respondent)
    page = html(client.get(urls(assessment)["assign"]))
    assert 'name="measure-well-led"' in page and 'name="measure-foundations"' in page
    assert "Only for ICBs" not in page
    assert "Rosa Respondent (you)" in page and "Bea Colleague" in page
    assert "Amir Approver" not in page and "Otto" not in page  # not respondents here

    response = client.post(
        urls(assessment)["assign"],
        {"measure-well-led": str(colleague.pk), "measure-foundations": str(world.respondent.pk)},
    )
    assert response.status_code == 303
    assert sorted(Assignment.objects.values_list("measure__key", "assignee__username")) == [
        ("foundations", "respondent"),
        ("well-led", "colleague"),
    ]
    assert "Assigned to Bea Colleague" in html(client.get(urls(assessment)["overview"]))

    response = client.post(
        urls(assessment)["assign"],
        {"measure-well-led": "", "measure-foundations": str(world.respondent.pk)},
    )
    assert response.status_code == 303
    assert list(Assignment.objects.values_list("measure__key", flat=True)) == ["foundations"]


@pytest.mark.parametrize("who", ["approver", "other_respondent", "nobody"])
def test_a_section_cannot_be_given_to_someone_who_cannot_answer(client, world, assessment, who):
    signed_in(client, world.respondent)
    response = client.post(
        urls(assessment)["assign"],
        {
            "measure-well-led": str(getattr(world, who).pk),
            "measure-foundations": str(world.respondent.pk),
        },
    )
    assert response.status_code == 400
    assert "Choose someone from the list for Well led" in html(response)
    assert not Assignment.objects.exists()


def test_assigned_to_me_lists_my_sections_across_rounds(client, world, assessment, prefilled):
    signed_in(client, world.respondent)
    page = html(client.get("/assigned-to-me/"))
    assert "Nothing is assigned to you at the moment." in page

    answer_save(
        assessment=prefilled,
        question=q_in(prefilled, "sf-network"),
        by=world.respondent,
        expected_revision=0,
        level=3,
    )
    for a in (assessment, prefilled):
        section_assign(
            assessment=a,
            measure=q_in(a, "sf-network").measure,
            assignee=world.respondent,
            by=world.respondent,
        )
    section_assign(
        assessment=assessment,
        measure=q_in(assessment, "wl-strategy").measure,
        assignee=world.respondent,
        by=world.respondent,
    )
    page = html(client.get("/assigned-to-me/"))
    rows = re.findall(r'<tr class="nhsuk-table__row">(.*?)</tr>', page, re.S)[1:]
    assert len(rows) == 3
    assert "2027/28 assessment" in rows[0] and "1 of 2 questions answered" in rows[0]
    assert f'href="/assessments/{prefilled.pk}/measures/foundations/"' in rows[0]
    assert "2026/27 assessment" in rows[1] and "Well led" in rows[1] and "Completed" in rows[1]
    assert "Ensure smart foundations" in rows[2] and "Not started" in rows[2]
    # Someone who may no longer see the assessment does not see its sections.
    assert (
        html(signed_in(client, world.other_respondent).get("/assigned-to-me/")).count(
            "Nothing is assigned to you"
        )
        == 1
    )


def q_in(assessment, key):
    return Question.objects.get(key=key, version=assessment.framework_version)


# --- queries ----------------------------------------------------------------------------------


def _not_transaction_control(queries):
    return [
        x["sql"]
        for x in queries
        if not x["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO"))
    ]


def test_the_measure_page_runs_the_same_queries_for_few_and_many_questions(
    client, world, launched_assessment
):
    many = {
        "key": "many",
        "label": "Many questions",
        "weight": 1,
        "questions": [question(f"many-{n}") for n in range(MANY)],
    }
    assessment = launched_assessment(framework_version__extra_measures=[many])
    for key in ["wl-strategy", *(f"many-{n}" for n in range(MANY))]:
        answer_save(
            assessment=assessment,
            question=q(key),
            by=world.respondent,
            expected_revision=0,
            level=3,
            notes="Yes.",
        )
        evidence_add_link(
            assessment=assessment,
            question=q(key),
            url="https://example.com/",
            title="Minutes",
            by=world.respondent,
        )
    signed_in(client, world.respondent)
    counts = {}
    for measure in ("well-led", "many"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/assessments/{assessment.pk}/measures/{measure}/")
        assert response.status_code == 200
        counts[measure] = len(queries)
    assert html(response).count('class="waymark-question') == MANY
    assert counts["well-led"] == counts["many"] <= 12


def test_the_overview_runs_a_fixed_number_of_queries(client, world, assessment):
    signed_in(client, world.respondent)
    with CaptureQueriesContext(connection) as few:
        client.get(urls(assessment)["overview"])
    for key in ("wl-strategy", "sf-network", "sf-cyber"):
        answer_save(
            assessment=assessment,
            question=q(key),
            by=world.respondent,
            expected_revision=0,
            level=2,
        )
    section_assign(
        assessment=assessment,
        measure=q("sf-cyber").measure,
        assignee=world.respondent,
        by=world.respondent,
    )
    with CaptureQueriesContext(connection) as more:
        client.get(urls(assessment)["overview"])
    assert len(few) == len(more)


def test_saving_an_answer_takes_at_most_eight_queries(client, world, assessment):
    signed_in(client, world.respondent)
    post_answer(client, assessment, level=3)
    with CaptureQueriesContext(connection) as queries:
        response = post_answer(client, assessment, revision=1, level=4)
    assert response.status_code == 200
    # Counted: the session and the user, as in every request, then the save itself.
    # Not counted: the savepoints around the service's transactions.
    assert len(_not_transaction_control(queries)) <= 8, "\n".join(_not_transaction_control(queries))


# --- the lean form fields ---------------------------------------------------------------------


class _Tokens(HTMLParser):
    """HTML as a list of tags (attributes sorted) and texts (spaces collapsed)."""

    def __init__(self):
        super().__init__()
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("<", tag, tuple(sorted(attrs))))

    def handle_endtag(self, tag):
        self.tokens.append((">", tag))

    def handle_data(self, data):
        if data.split():
            self.tokens.append(("text", " ".join(data.split())))


def tokens(source: str, **context) -> list:
    parser = _Tokens()
    parser.feed(engines["jinja2"].env.from_string(source).render(**context))
    return parser.tokens


LEAN = '{% import "assessments/questionnaire/_fields.jinja" as fields %}'
NHS = '{% from "nhsuk/components/COMPONENT/macro.jinja" import MACRO %}'


@pytest.mark.parametrize(
    ("value", "hint", "error", "caption"),
    [
        ("2", "Think about it.", "", "Question 1"),
        ("na", "", "Choose a level", ""),
        ("", "Think about it.", "Choose a level", "Question 3"),
    ],
)
def test_the_lean_radios_write_what_the_nhsuk_macro_writes(value, hint, error, caption):
    context = {
        "value": value,
        "hint": hint,
        "error": error,
        "caption": caption,
        "items": [
            {"value": "1", "html": "<b>Level 1</b> is true"},
            {
                "value": "2",
                "text": "Two",
                "hint": {"html": Markup("<p>More.</p><ul><li>x</li></ul>")},
            },
            {"divider": "or"},
            {"value": "na", "text": "Not applicable"},
        ],
    }
    lean = tokens(
        LEAN
        + """{% set items = [{"value": "1", "html": items[0].html|safe},
        items[1], items[2], {"value": "na", "text": "Not applicable",
        "conditional_html": "<p>Why?</p>"|safe}] %}{{ fields.radios("q-level", "level", value,
        "How mature?", caption, "q-heading", hint, error, "<div id=p></div>"|safe, items) }}""",
        **context,
    )
    official = tokens(
        NHS.replace("COMPONENT", "radios").replace("MACRO", "radios")
        + """
        {{ radios({"idPrefix": "q-level", "name": "level", "value": value,
          "fieldset": {"legend": {"text": "How mature?", "size": "m", "caption": caption or undefined,
                                  "heading": {"level": 2, "id": "q-heading"}}},
          "hint": hint or undefined, "errorMessage": {"text": error} if error else undefined,
          "formGroup": {"beforeInputs": {"html": "<div id=p></div>"|safe}},
          "items": [{"value": "1", "html": items[0].html|safe}, items[1], items[2],
                    {"value": "na", "text": "Not applicable",
                     "conditional": {"html": "<p>Why?</p>"|safe}}]}) }}""",
        **context,
    )
    assert lean == official


@pytest.mark.parametrize(
    ("hint", "error", "value"),
    [("A hint.", "", "some <value>"), ("", "Wrong", ""), ("A hint.", "Wrong", "3")],
)
def test_the_lean_fields_write_what_the_nhsuk_macros_write(hint, error, value):
    context = {
        "hint": hint,
        "error": error,
        "value": value,
        "items": [{"value": "", "text": "None"}, {"value": "3", "text": "Three"}],
    }
    nhs_error = '"errorMessage": {"text": error} if error else undefined, "hint": hint or undefined'
    pairs = [
        (
            "select",
            'fields.select("s", "target", "Target", hint, error, value, items)',
            '{"id": "s", "name": "target", "label": {"text": "Target"}, "value": value, '
            f'"items": items, {nhs_error}}}',
        ),
        (
            "textarea",
            'fields.textarea("t", "notes", "Notes", hint, error, value, 3)',
            f'{{"id": "t", "name": "notes", "label": {{"text": "Notes"}}, "value": value, "rows": 3, '
            f"{nhs_error}}}",
        ),
        (
            "input",
            'fields.input("u", "url", "Link", hint, error, value, type="url")',
            '{"id": "u", "name": "url", "type": "url", "spellcheck": false, "autocomplete": "url", '
            f'"label": {{"text": "Link"}}, "value": value, {nhs_error}}}',
        ),
        (
            "input",
            'fields.input("i", "title", "Title", hint, error, value)',
            f'{{"id": "i", "name": "title", "label": {{"text": "Title"}}, "value": value, {nhs_error}}}',
        ),
        (
            "file-upload",
            'fields.file_upload("f", "file", "Upload", hint, error, ".pdf,.png")',
            '{"id": "f", "name": "file", "label": {"text": "Upload"}, '
            f'"attributes": {{"accept": ".pdf,.png"}}, {nhs_error}}}',
        ),
    ]
    macros = {
        "select": "select",
        "textarea": "textarea",
        "input": "input",
        "file-upload": "fileUpload",
    }
    for component, lean, params in pairs:
        official = (
            NHS.replace("COMPONENT", component).replace("MACRO", macros[component])
            + f"{{{{ {macros[component]}({params}) }}}}"
        )
        assert tokens(LEAN + "{{ " + lean + " }}", **context) == tokens(official, **context), (
            component
        )


def test_a_descriptor_of_several_paragraphs_keeps_its_label_to_the_first(
    client, world, launched_assessment
):
    """A `<label>` holds phrasing content only: a level's first paragraph is the radio's label,
    its further paragraphs and lists the option's hint, tied to the radio by aria-describedby."""
    assessment = launched_assessment(framework_version__extra_measures=[wordy_measure()])
    signed_in(client, world.respondent)
    page = client.get(f"/assessments/{assessment.pk}/measures/wordy/").content.decode()
    labels = re.findall(r"<label[^>]*>(.*?)</label>", page, re.S)
    level_labels = [label for label in labels if "waymark-level-number" in label]
    assert len(level_labels) == 5
    assert all("<p>" not in label and "<ul>" not in label for label in level_labels)
    assert "Level 2 practice is in place." in level_labels[1]
    hint = re.search(
        r'<div class="nhsuk-hint nhsuk-radios__hint" id="([^"]+)"[^>]*>(.*?)</div>', page, re.S
    )
    assert (
        hint and "<p>This means:</p>" in hint.group(2) and "<li>staff know it</li>" in hint.group(2)
    )
    assert f'aria-describedby="{hint.group(1)}"' in page
