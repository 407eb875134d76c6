"""The system dashboard, the regional comparison and the national view in the browser: drawn
under the strict CSP without console errors, accessible (axe, WCAG 2.2 AA) for every role that
sees them, refused to those who may not."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.reports import pages_world


@pytest.fixture
def world(transactional_db):
    return pages_world.build(earlier=True)


def _console(steps) -> list[str]:
    messages: list[str] = []
    steps.page.on(
        "console",
        lambda m: (
            messages.append(m.text)
            if "Content Security Policy" in m.text or m.type == "error"
            else None
        ),
    )
    return messages


def _visit_and_check(steps, path: str, heading: str, shot: str):
    messages = _console(steps)
    response = steps.visit(path)
    assert response.status == 200
    expect(steps.page.get_by_role("heading", level=1)).to_contain_text(heading)
    for plot in steps.page.locator("[data-waymark-chart]").all():
        expect(plot).to_have_class(re.compile(r"waymark-chart__plot--drawn"))
    if SCREENSHOTS:
        height = steps.page.evaluate("document.body.scrollHeight")
        for index, top in enumerate(range(0, height, 1400)):
            steps.page.screenshot(
                path=f"{SCREENSHOTS}/{shot}-{index}.png",
                full_page=True,
                clip={"x": 0, "y": top, "width": 1280, "height": min(1400, height - top)},
            )
    refused = [m for m in messages if "ERR_NAME_NOT_RESOLVED" not in m]
    assert not refused, "\n".join(refused)
    steps.assert_accessible()


@pytest.mark.parametrize("who", ["sro", "board", "analyst", "national"])
def test_the_system_dashboard_for_each_role_that_sees_it(steps, world, who):
    steps.sign_in(who)
    _visit_and_check(steps, "/results/systems/QWO/", "West Yorkshire: results", f"system-{who}")


@pytest.mark.parametrize("who", ["analyst", "national"])
def test_the_regional_comparison_for_each_role_that_sees_it(steps, world, who):
    steps.sign_in(who)
    _visit_and_check(
        steps,
        "/results/regions/Y63/",
        "North East and Yorkshire: systems compared",
        f"region-{who}",
    )
    steps.page.get_by_role("link", name=re.compile(r"^Median")).first.click()
    expect(steps.page.locator("th[aria-sort=ascending]")).to_contain_text("Median")
    steps.assert_accessible()


def test_the_national_view_for_a_national_administrator(steps, world):
    steps.sign_in("national")
    _visit_and_check(
        steps, "/results/national/", "England: regions and systems compared", "national"
    )


@pytest.mark.parametrize("who", ["other_sro", "respondent"])
def test_an_sro_of_another_system_and_a_respondent_are_refused(steps, world, who):
    steps.sign_in(who)
    for path in ("/results/systems/QWO/", "/results/regions/Y63/", "/results/national/"):
        response = steps.visit(path)
        assert response.status in (403, 404), path
        expect(steps.page.get_by_role("heading", level=1)).not_to_contain_text("results")
