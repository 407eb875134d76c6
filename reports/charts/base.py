"""Chart builders, shared parts: the one place where Waymark's figures become Plotly charts.

Pages draw these charts in the browser with the plotly.js that ships with the project (no CDN,
no `eval`: the strict bundle); PDFs export the very same figures to SVG. Every builder returns a
`Chart`: the Plotly figure, a title, a text summary (a chart's alternative text), and its data as
a table, so that nothing is said by the picture alone. Colour is never the only carrier of
meaning: values are written on or beside the marks, series differ by marker and line style too,
and reference lines are labelled in words.

Numbers shown on a chart (labels, hover texts) are formatted here, by the same rounding as every
page (one decimal place, halves up), never by plotly.js, so a chart can never disagree with the
table beside it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cache, cached_property

import plotly.graph_objects as go
import plotly.io as pio
from django.conf import settings

from assessments.scoring import shown as _shown_score

Number = Decimal | Fraction | float | int

# NHS identity colours (https://www.england.nhs.uk/nhsidentity/identity-guidelines/colours/).
NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
NHS_BRIGHT_BLUE = "#0072CE"
NHS_LIGHT_BLUE = "#41B6E6"
NHS_AQUA_GREEN = "#00A499"
NHS_WARM_YELLOW = "#FFB81C"
NHS_DARK_PINK = "#7C2855"
NHS_DARK_GREY = "#425563"
NHS_MID_GREY = "#768692"
NHS_PALE_GREY = "#E8EDEE"
NHS_BLACK = "#231F20"

# Series colours, each paired with a marker symbol and a line style so that no series is told
# apart by colour alone.
SERIES_STYLES = [
    (NHS_BLUE, "circle", "solid"),
    (NHS_DARK_PINK, "square", "dash"),
    (NHS_AQUA_GREEN, "diamond", "dot"),
    (NHS_WARM_YELLOW, "triangle-up", "dashdot"),
    (NHS_DARK_GREY, "x", "longdash"),
    (NHS_LIGHT_BLUE, "star", "longdashdot"),
]

# A sequential scale for heatmaps, light (level 1) to dark (level 5), readable with black or
# white cell text chosen by `_text_colour`.
LEVEL_SCALE = [
    [0.0, "#E8EDEE"],
    [0.25, "#A6D4EA"],
    [0.5, "#41B6E6"],
    [0.75, "#005EB8"],
    [1.0, "#003087"],
]

FONT = "Frutiger W01, Arial, sans-serif"
SCORE_RANGE = (1, 5)


@dataclass(frozen=True)
class Table:
    """A chart's data as the table printed beside it (all cells already text)."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    # Optional link per row (e.g. to the organisation or system), same length as rows.
    links: list[str | None] = field(default_factory=list)


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    summary: str
    table: Table
    spec: dict  # {"data": [trace dicts], "layout": {...}}: what plotly.js draws

    @cached_property
    def figure(self) -> go.Figure:
        """The spec as a Plotly figure (documents draw it through kaleido; tests read it)."""
        return go.Figure(self.spec, _validate=False)

    def figure_json(self) -> str:
        """The figure as JSON, safe to place inside a <script type="application/json">: the
        spec with Plotly's default template, as the Python figure would carry it."""
        if getattr(settings, "WAYMARK_VALIDATE_CHARTS", False):
            go.Figure(self.spec)  # every property checked: a mistake fails the tests
        layout = {"template": _default_template(), **self.spec["layout"]}
        text = json.dumps({"data": self.spec["data"], "layout": layout}, separators=(",", ":"))
        # As Django's json_script does: nothing in the data can close the script element.
        return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")

    def figure_dict(self) -> dict:
        return json.loads(self.figure_json())


@cache
def _default_template() -> dict:
    return pio.templates[pio.templates.default].to_plotly_json()


def shown(value: Number | None) -> str:
    """A figure as pages print it: one decimal place, halves up (`assessments.scoring.shown`)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = Decimal(str(value))
    return _shown_score(value)


def to_float(value: Number | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, Fraction):
        return value.numerator / value.denominator
    return float(value)


def figure(data: list[dict], layout: dict) -> dict:
    """A chart's spec from plain trace and layout dicts. Pages serialise it as it is: building
    a Plotly figure object (validating and deep-copying every array) would cost more than
    everything else a page does with a chart, so that happens only where it is needed:
    documents (kaleido) and, to catch mistakes, the tests (setting WAYMARK_VALIDATE_CHARTS)."""
    return {"data": data, "layout": layout}


def base_layout(title: str, *, height: int, **extra) -> dict:
    layout = {
        # no "title": the page prints it as a heading; the chart does not repeat it
        "height": height,
        "margin": {"l": 8, "r": 8, "t": 16, "b": 8},
        "font": {"family": FONT, "size": 14, "color": NHS_BLACK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "showlegend": False,
        "hoverlabel": {"font": {"family": FONT, "size": 14}},
        "meta": {"title": title},
    }
    layout.update(extra)
    return layout


def score_axis(title: str = "Score (1 to 5)") -> dict:
    return {
        "title": {"text": title},
        "range": [SCORE_RANGE[0] - 0.1, SCORE_RANGE[1] + 0.1],
        "tickvals": [1, 2, 3, 4, 5],
        "gridcolor": NHS_PALE_GREY,
        "zeroline": False,
        "automargin": True,
        "fixedrange": True,
    }
