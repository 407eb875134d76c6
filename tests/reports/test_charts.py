import json
import subprocess
from decimal import Decimal
from pathlib import Path

import plotly
import pytest

from reports import charts
from tests.reports.chart_page import sample_charts

ROOT = Path(__file__).resolve().parents[2]


def test_the_browser_bundle_is_the_plotly_js_that_the_python_package_writes():
    package = json.loads(
        (ROOT / "node_modules" / "plotly.js-strict-dist-min" / "package.json").read_text()
    )
    assert package["version"] == plotly.offline.get_plotlyjs_version()


def test_the_committed_plotly_stylesheet_matches_the_installed_bundle():
    written = subprocess.run(
        ["node", str(ROOT / "reports" / "assets" / "plotly-css.mjs")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    committed = (ROOT / "reports" / "static" / "reports" / "plotly.css").read_text()
    assert written == committed, "run `make plotly-css` after upgrading plotly.js"


def test_a_distribution_chart_draws_quartiles_and_prints_them_rounded_halves_up():
    spread = sample_charts()[0]
    box = spread.figure.data[0]
    assert list(box.y) == ["Alpha"]  # the suppressed group is not drawn
    assert box.median == (2.45,) and box.q1 == (2.0,) and box.q3 == (3.0,)
    assert box.lowerfence == (1.5,) and box.upperfence == (4.0,)
    alpha, beta = spread.table.rows
    assert alpha == ["Alpha", "6", "1.5", "2.0", "2.5", "3.0", "4.0", "2.6"]
    assert beta[:3] == ["Beta", "3", "Fewer than 5 organisations"]
    assert spread.figure.data[1].hovertext[0].startswith("Alpha: median 2.5, middle half 2.0")
    assert "National median: 2.7" in spread.figure.layout.annotations[0].text
    assert spread.summary == (
        "Alpha: median 2.5, middle half 2.0 to 3.0, range 1.5 to 4.0 (6 organisations). "
        "National median: 2.7. 1 group is not drawn: see the table for why."
    )


def test_a_heatmap_writes_every_value_in_its_cell():
    heat = sample_charts()[1]
    assert [list(row) for row in heat.figure.data[0].text] == [["2.3", "no score"], ["4.0", "1.0"]]
    assert heat.table.rows == [["Northmoor", "2.3", "no score"], ["Calderbrook", "4.0", "1.0"]]
    assert heat.summary.endswith("Scores range from 1.0 to 4.0.")


def test_a_heatmap_refuses_values_that_do_not_fit_its_rows_and_columns():
    with pytest.raises(ValueError, match="one value per row and column"):
        charts.heatmap("h", "H", rows=["a"], columns=["x", "y"], values=[[Decimal(1)]])


def test_trend_series_differ_by_marker_and_line_style_not_only_colour():
    lines = charts.trend(
        "t",
        "T",
        rounds=["1", "2"],
        series=[charts.Series("A", [1, 2]), charts.Series("B", [None, 3])],
    )
    a, b = lines.figure.data
    assert a.marker.symbol != b.marker.symbol and a.line.dash != b.line.dash
    assert lines.summary == "A: 1.0 in 1, 2.0 in 2. B: 3.0 in 2."
    assert lines.table.rows == [["A", "1.0", "2.0"], ["B", "no figure", "3.0"]]


def test_a_trend_needs_a_value_per_round():
    with pytest.raises(ValueError, match="one value"):
        charts.trend("t", "T", rounds=["1", "2"], series=[charts.Series("A", [1])])


def test_figure_json_cannot_close_its_script_element():
    chart = charts.trend(
        "t", "T", rounds=["</script><script>alert(1)</script>"], series=[charts.Series("A", [1])]
    )
    text = chart.figure_json()
    assert "</script>" not in text and "<" not in text
    assert json.loads(text)["data"][0]["x"] == ["</script><script>alert(1)</script>"]


def test_heatmap_column_labels_are_slanted_so_they_never_overlap():
    heat = charts.heatmap(
        "h", "H", rows=["a"], columns=["Healthy populations"], values=[[Decimal(2)]]
    )
    assert heat.figure.layout.xaxis.tickangle == -45
    assert list(heat.figure.data[0].x) == ["Healthy populations"]
