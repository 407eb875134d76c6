"""How many clicks, and how long, it takes to complete the demo organisation's pre-filled 2026/27
assessment in a real browser: a measurement, not a test (pytest does not collect it).

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python manage.py waymark_setup
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python manage.py runserver 8712 --noreload &
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python tests/e2e/clicks_to_complete.py \
        http://127.0.0.1:8712

Before each way of working, the demo organisation's assessment is put back as launch left it
(every answer pre-filled from 2025/26, nothing confirmed: the round's own pre-fill function),
in this database only. Clicks are counted from the start page after signing in (signing in is
not counted) to "Submit for approval"; every click and radio choice counts, nothing is typed.
The time is the browser's, driven by a script: the system's speed, not a person's reading time.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from assessments.management.commands.waymark_setup import DEMO_PASSWORD  # noqa: E402
from assessments.models import Answer, Assessment  # noqa: E402
from assessments.services.demo import demo_organisation_code  # noqa: E402
from assessments.services.rounds import _prefill  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def reset() -> Assessment:
    """The demo organisation's 2026/27 assessment as launch left it."""
    assessment = Assessment.objects.select_related("round").get(
        round__name="2026/27 assessment", organisation__ods_code=demo_organisation_code()
    )
    Answer.objects.filter(assessment=assessment).delete()
    Assessment.objects.filter(pk=assessment.pk).update(
        status="draft", submitted_at=None, submitted_by=None
    )
    _prefill(assessment.round, [assessment])
    return assessment


class Counter:
    def __init__(self, page):
        self.page, self.clicks = page, 0

    def click(self, locator):
        locator.click()
        self.clicks += 1

    def check(self, locator):
        locator.check()
        self.clicks += 1


def measures_to_visit(page):
    """The overview's success measures that are not completed, as (name, link)."""
    rows = page.locator(".nhsuk-task-list__item")
    return [
        rows.nth(i).get_by_role("link").inner_text().strip()
        for i in range(rows.count())
        if "Completed" not in rows.nth(i).inner_text()
    ]


def answer_measure(counter, name, *, change_every: int = 0, confirm_one_by_one=False, seen=None):
    """On a measure page: answer each unanswered question (Level 2), change every
    `change_every`-th pre-filled answer, or confirm each pre-filled answer one by one."""
    page = counter.page
    counter.click(page.get_by_role("link", name=name, exact=True))
    questions = page.locator("section.waymark-question")
    for i in range(questions.count()):
        question = questions.nth(i)
        status = question.get_by_role("status")
        prefilled = question.locator(".waymark-prefill").count() > 0
        if prefilled:
            seen[0] += 1
            if change_every and seen[0] % change_every == 0:
                checked = question.locator('input[name="level"]:checked').get_attribute("value")
                other = "2" if checked != "2" else "3"
                counter.check(question.locator(f'input[name="level"][value="{other}"]'))
                expect(status).to_contain_text("Saved at")
            elif confirm_one_by_one:
                counter.click(question.get_by_role("button", name="Confirm last year's answer"))
                expect(status).to_contain_text("Saved at")
        elif question.locator('input[name="level"]:checked').count() == 0:
            counter.check(question.locator('input[name="level"][value="2"]'))
            expect(status).to_contain_text("Saved at")
    counter.click(page.get_by_role("link", name="Back to all success measures"))


def complete(browser, base, *, change_every=0, confirm_one_by_one=False) -> tuple[int, float, int]:
    assessment = reset()
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(base + "/sign-in/")
    page.get_by_label("Username").fill("respondent")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    counter = Counter(page)
    started = time.monotonic()
    counter.click(page.get_by_role("link", name=f"{assessment.organisation.name}: 2026/27"))
    seen = [0]
    if change_every or confirm_one_by_one:
        for name in measures_to_visit(page):
            answer_measure(
                counter,
                name,
                change_every=change_every,
                confirm_one_by_one=confirm_one_by_one,
                seen=seen,
            )
    confirm_all = page.get_by_role("link", name="Confirm every answer from last year in the whole")
    if confirm_all.count():
        counter.click(confirm_all)
        counter.click(page.get_by_role("button", name="Confirm these"))
    for name in measures_to_visit(page):
        answer_measure(counter, name, seen=seen)
    counter.click(page.get_by_role("link", name="Check and submit the assessment"))
    counter.click(page.get_by_role("button", name="Submit for approval"))
    expect(page.get_by_text("The assessment has been submitted for approval.")).to_be_visible()
    elapsed = time.monotonic() - started
    context.close()
    assessment.refresh_from_db()
    assert assessment.status == "submitted", assessment.status
    return counter.clicks, elapsed, len(assessment.questions())


def main(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for label, options in (
            ("nothing changed, confirming all at once", {}),
            ("a third of the answers changed, the rest confirmed at once", {"change_every": 3}),
            ("nothing changed, confirming one answer at a time", {"confirm_one_by_one": True}),
        ):
            clicks, seconds, questions = complete(browser, base, **options)
            print(f"{label}: {clicks} clicks, {seconds:.1f} s ({questions} questions)")
        browser.close()
    reset()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8712")
