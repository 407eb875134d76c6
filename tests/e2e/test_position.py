"""An organisation's position and trend: reached from its results page, bands in a table, the
trend drawn as charts with their tables; the page passes axe (WCAG 2.2 AA)."""

import datetime as dt

from playwright.sync_api import expect

from assessments.models import Assessment, Role
from frameworks.services import version_import
from tests.factories import PersonaFactory
from tests.frameworks.documents import document, dump
from tests.reports import small_world
from tests.reports.test_question_history import approved, make_place, round_on, second_document


def test_an_sro_sees_an_organisations_position_and_trend(steps, db):
    round_, _north, _south, systems, organisations = small_world.build()
    PersonaFactory(username="wy_sro", role=Role.SRO, at=systems["QWO"])
    a1 = Assessment.objects.get(round=round_, organisation=organisations["A1"])
    steps.sign_in("wy_sro")
    steps.visit(f"/assessments/{a1.pk}/results/")
    steps.page.get_by_role("link", name="See where it stands in its system").click()
    expect(steps.page.get_by_role("heading", level=1)).to_have_text("Position and trend")
    table = steps.page.get_by_role("table", name="Position of A1 in 2025/26 assessment")
    overall = table.get_by_role("row", name="Overall")
    expect(overall).to_contain_text("in the middle half")
    expect(table.get_by_role("columnheader", name="In West Yorkshire")).to_be_visible()
    expect(steps.page.get_by_role("heading", name="Overall score by round")).to_be_visible()
    expect(steps.page.locator(".waymark-chart__plot .main-svg").first).to_be_attached()
    steps.assert_accessible()


def test_each_question_across_rounds_follows_the_crosswalk(steps, db):
    """Two versions, two rounds: the merged, split and re-keyed questions continue their lines
    in the question history, which passes axe."""
    system, icb = make_place()
    one = version_import(source=dump(document("1.0.0")), filename="1.yaml", publish=True)
    two = version_import(source=dump(second_document()), filename="2.yaml", publish=True)
    approved(
        round_on(one, "2025/26 assessment", dt.date(2025, 5, 1)),
        icb,
        **{"wl-strategy": 2, "wl-board": 5, "sf-network": 3, "sf-cyber": 1},
    )
    latest = approved(
        round_on(two, "2026/27 assessment", dt.date(2026, 5, 1)),
        icb,
        **{"wl-leadership": 4, "sf-wired": 4, "sf-wireless": 2, "sf-security": 3, "sf-cloud": 1},
    )
    PersonaFactory(username="wy_sro", role=Role.SRO, at=system)
    steps.sign_in("wy_sro")
    steps.visit(f"/results/assessments/{latest.pk}/position/")
    expect(steps.page.get_by_role("heading", name="Each question across rounds")).to_be_visible()
    table = steps.page.get_by_role("table", name="Well led")
    row = table.get_by_role("row", name="How mature is wl-leadership?")
    expect(row.get_by_role("cell")).to_have_text(["3.5", "4.0"])
    steps.screenshot("position-question-history")
    steps.assert_accessible()
