"""Charts exported as SVG for documents, through one kaleido server per process."""

from xml.etree import ElementTree

import pytest

from reports.charts import svg as svg_module
from reports.charts.svg import ChartExportError, label, svg
from tests.reports.chart_page import sample_charts

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def drawn():
    return [svg(chart) for chart in sample_charts()]


def test_every_sample_chart_becomes_a_labelled_svg(drawn):
    for chart, text in zip(sample_charts(), drawn, strict=True):
        root = ElementTree.fromstring(text)
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert root.get("aria-label") == chart.summary
        assert root.find(f"{SVG}title").text == chart.title
        assert root.find(f"{SVG}desc").text == chart.summary


def test_the_values_are_written_on_the_chart_as_on_the_page(drawn):
    heat = drawn[1]
    for value in ("2.3", "4.0", "1.0", "no score"):
        assert f">{value}<" in heat
    assert "National median: 2.7" in drawn[0]


def test_the_kaleido_server_is_started_once_per_process(drawn, monkeypatch):
    import kaleido

    def refuse(*args, **kwargs):
        raise AssertionError("a second kaleido server was started")

    monkeypatch.setattr(kaleido, "start_sync_server", refuse)
    assert svg_module._started
    assert "<svg" in svg(sample_charts()[2])


def test_a_title_or_summary_cannot_break_out_of_the_svg():
    text = label(
        '<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>',
        title="</title><script>",
        summary='" onload="alert(1)',
    )
    root = ElementTree.fromstring(text)
    assert root.find(f"{SVG}title").text == "</title><script>"
    assert root.get("aria-label") == '" onload="alert(1)'
    assert root.find(f"{SVG}script") is None


def test_an_empty_svg_is_refused():
    with pytest.raises(ChartExportError, match="empty"):
        label('<svg xmlns="http://www.w3.org/2000/svg"/>', title="t", summary="s")
