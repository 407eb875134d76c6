"""An organisation's position and trend: reached from its results page, bands in a table, the
trend drawn as charts with their tables; the page passes axe (WCAG 2.2 AA)."""

from playwright.sync_api import expect

from assessments.models import Assessment, Role
from tests.factories import PersonaFactory
from tests.reports import small_world


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
