"""Charts drawn by the shipped plotly.js under the real content security policy."""

import re

import pytest
from playwright.sync_api import expect


@pytest.mark.urls("tests.reports.chart_page")
def test_charts_draw_under_the_content_security_policy_without_violations(steps):
    refused = []
    steps.page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or message.type == "error"
            else None
        ),
    )
    steps.visit("/test-charts/")
    for chart_id in ("spread", "heat", "trend"):
        plot = steps.page.locator(f"#{chart_id}-plot")
        expect(plot).to_have_class(re.compile(r"waymark-chart__plot--drawn"))
        expect(plot.locator("svg.main-svg").first).to_be_visible()
    # Values are written on the marks, not carried by colour alone.
    expect(steps.page.locator("#heat-plot").get_by_text("no score")).to_be_visible()
    steps.page.get_by_text("Show the figures as a table").first.click()
    expect(steps.page.get_by_role("cell", name="Fewer than 5 organisations")).to_be_visible()
    refused = [m for m in refused if "ERR_NAME_NOT_RESOLVED" not in m]  # the NHS font host, offline
    assert not refused, "\n".join(refused)
    steps.assert_accessible()
