"""Chart builders: the one place where Waymark's figures become Plotly charts.

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
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import plotly.graph_objects as go

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
    figure: go.Figure

    def figure_json(self) -> str:
        """The figure as JSON, safe to place inside a <script type="application/json">."""
        text = self.figure.to_json(validate=False, pretty=False)
        # As Django's json_script does: nothing in the data can close the script element.
        return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")

    def figure_dict(self) -> dict:
        return json.loads(self.figure.to_json(validate=False))


def shown(value: Number | None) -> str:
    """A figure as pages print it: one decimal place, halves up (`assessments.scoring.shown`)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = Decimal(str(value))
    return _shown_score(value)


def _float(value: Number | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, Fraction):
        return value.numerator / value.denominator
    return float(value)


def _layout(title: str, *, height: int, **extra) -> go.Layout:
    layout = {
        "title": None,  # the page prints the title as a heading; the chart does not repeat it
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
    return go.Layout(**layout)


def _score_axis(title: str = "Score (1 to 5)") -> dict:
    return {
        "title": {"text": title},
        "range": [SCORE_RANGE[0] - 0.1, SCORE_RANGE[1] + 0.1],
        "tickvals": [1, 2, 3, 4, 5],
        "gridcolor": NHS_PALE_GREY,
        "zeroline": False,
        "automargin": True,
        "fixedrange": True,
    }


# --- distributions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """One group's spread of scores, as computed by the aggregation (never raw values).

    `suppressed` holds the reason when the figures may not be shown to this viewer: the group
    is then left out of the picture and its row in the table says why.
    """

    label: str
    count: int
    minimum: Number | None = None
    lower_quartile: Number | None = None
    median: Number | None = None
    upper_quartile: Number | None = None
    maximum: Number | None = None
    mean: Number | None = None
    suppressed: str = ""

    @property
    def drawn(self) -> bool:
        return not self.suppressed and self.median is not None


@dataclass(frozen=True)
class Reference:
    """A labelled line across a distribution chart, e.g. the national median."""

    label: str
    value: Number


def distributions(
    chart_id: str,
    title: str,
    groups: Sequence[Distribution],
    *,
    references: Sequence[Reference] = (),
    group_heading: str = "Group",
    links: Sequence[str | None] = (),
) -> Chart:
    """Box plots, one per group, from precomputed quartiles; labelled reference lines."""
    drawn = [g for g in groups if g.drawn]
    labels = [g.label for g in drawn]
    box = go.Box(
        orientation="h",
        y=labels,
        q1=[_float(g.lower_quartile) for g in drawn],
        median=[_float(g.median) for g in drawn],
        q3=[_float(g.upper_quartile) for g in drawn],
        lowerfence=[_float(g.minimum) for g in drawn],
        upperfence=[_float(g.maximum) for g in drawn],
        fillcolor=NHS_LIGHT_BLUE,
        line={"color": NHS_DARK_BLUE, "width": 2},
        hoverinfo="skip",
        boxpoints=False,
        name="",
    )
    # An invisible marker at each median carries the hover text, formatted like the table.
    hover = go.Scatter(
        x=[_float(g.median) for g in drawn],
        y=labels,
        mode="markers",
        marker={"size": 14, "opacity": 0},
        hovertext=[_describe(g) for g in drawn],
        hoverinfo="text",
        name="",
    )
    shapes, annotations = [], []
    for index, reference in enumerate(references):
        colour, _, dash = SERIES_STYLES[(index + 1) % len(SERIES_STYLES)]
        value = _float(reference.value)
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": value,
                "x1": value,
                "y0": 0,
                "y1": 1,
                "line": {"color": colour, "width": 2, "dash": dash},
            }
        )
        annotations.append(
            {
                "x": value,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "yshift": 4 + 18 * index,
                "showarrow": False,
                "text": f"{reference.label}: {shown(reference.value)}",
                "font": {"color": colour, "size": 13},
            }
        )
    height = 90 + 34 * max(len(drawn), 1) + 18 * len(references)
    figure = go.Figure(
        data=[box, hover],
        layout=_layout(
            title,
            height=height,
            xaxis=_score_axis(),
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
            shapes=shapes,
            annotations=annotations,
            margin={"l": 8, "r": 16, "t": 24 + 18 * len(references), "b": 8},
        ),
    )
    rows = [
        [
            g.label,
            str(g.count),
            *(
                [g.suppressed, "", "", "", "", ""]
                if g.suppressed
                else [
                    shown(g.minimum),
                    shown(g.lower_quartile),
                    shown(g.median),
                    shown(g.upper_quartile),
                    shown(g.maximum),
                    shown(g.mean),
                ]
            ),
        ]
        for g in groups
    ]
    table = Table(
        caption=title,
        headers=[
            group_heading,
            "Organisations",
            "Lowest",
            "Lower quartile",
            "Median",
            "Upper quartile",
            "Highest",
            "Mean",
        ],
        rows=rows,
        links=list(links) or [None] * len(rows),
    )
    return Chart(chart_id, title, _distribution_summary(groups, references), table, figure)


def _describe(group: Distribution) -> str:
    return (
        f"{group.label}: median {shown(group.median)}, middle half "
        f"{shown(group.lower_quartile)} to {shown(group.upper_quartile)}, "
        f"range {shown(group.minimum)} to {shown(group.maximum)} "
        f"({group.count} organisation{'s' if group.count != 1 else ''})"
    )


def _distribution_summary(groups: Sequence[Distribution], references: Sequence[Reference]) -> str:
    drawn = [g for g in groups if g.drawn]
    if not drawn:
        return "No scores to show yet."
    parts = []
    if len(drawn) == 1:
        parts.append(_describe(drawn[0]) + ".")
    else:
        medians = sorted(Decimal(str(_float(g.median))) for g in drawn)
        parts.append(
            f"{len(drawn)} groups shown; their medians range from {shown(medians[0])} "
            f"to {shown(medians[-1])}."
        )
    for reference in references:
        parts.append(f"{reference.label}: {shown(reference.value)}.")
    hidden = len(groups) - len(drawn)
    if hidden:
        parts.append(
            f"{hidden} group{'s are' if hidden != 1 else ' is'} not drawn: see the table for why."
        )
    return " ".join(parts)


# --- heatmap ---------------------------------------------------------------------------------


def heatmap(
    chart_id: str,
    title: str,
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[Number | None]],
    row_heading: str = "Organisation",
    links: Sequence[str | None] = (),
) -> Chart:
    """Scores of rows (e.g. organisations) by columns (e.g. success measures), each cell
    labelled with its value; blank cells say "no score"."""
    if len(values) != len(rows) or any(len(row) != len(columns) for row in values):
        raise ValueError("A heatmap needs one value per row and column.")
    z = [[_float(v) for v in row] for row in values]
    text = [[shown(v) if v is not None else "no score" for v in row] for row in values]
    figure = go.Figure(
        data=[
            go.Heatmap(
                z=z,
                x=list(columns),
                y=list(rows),
                zmin=SCORE_RANGE[0],
                zmax=SCORE_RANGE[1],
                colorscale=LEVEL_SCALE,
                text=text,
                texttemplate="%{text}",
                textfont={"size": 13},
                hovertext=[
                    [f"{r}, {c}: {t}" for c, t in zip(columns, row_text, strict=True)]
                    for r, row_text in zip(rows, text, strict=True)
                ],
                hoverinfo="text",
                xgap=2,
                ygap=2,
                showscale=False,  # every cell carries its value in words
            )
        ],
        layout=_layout(
            title,
            height=120 + 30 * max(len(rows), 1),
            xaxis={"side": "top", "automargin": True, "fixedrange": True, "tickangle": 0},
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        ),
    )
    scored = [v for row in values for v in row if v is not None]
    summary = f"{len(rows)} {row_heading.lower()}s by {len(columns)} columns. " + (
        f"Scores range from {shown(min(scored))} to {shown(max(scored))}."
        if scored
        else "No scores yet."
    )
    table = Table(
        caption=title,
        headers=[row_heading, *columns],
        rows=[[r, *cells] for r, cells in zip(rows, text, strict=True)],
        links=list(links) or [None] * len(rows),
    )
    return Chart(chart_id, title, summary, table, figure)


# --- trends ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Number | None]  # one per round; None where there is no figure


def trend(
    chart_id: str,
    title: str,
    *,
    rounds: Sequence[str],
    series: Sequence[Series],
    note: str = "",
) -> Chart:
    """Scores across rounds, one line per series, each point labelled with its value."""
    if any(len(s.values) != len(rounds) for s in series):
        raise ValueError("A trend needs one value (or None) per round for every series.")
    traces = []
    for index, line in enumerate(series):
        colour, symbol, dash = SERIES_STYLES[index % len(SERIES_STYLES)]
        labels = [shown(v) if v is not None else "" for v in line.values]
        traces.append(
            go.Scatter(
                x=list(rounds),
                y=[_float(v) for v in line.values],
                name=line.label,
                mode="lines+markers+text",
                text=labels,
                textposition="top center",
                marker={"color": colour, "symbol": symbol, "size": 10},
                line={"color": colour, "dash": dash, "width": 2},
                hovertext=[
                    f"{line.label}, {r}: {t or 'no figure'}"
                    for r, t in zip(rounds, labels, strict=True)
                ],
                hoverinfo="text",
                connectgaps=False,
            )
        )
    figure = go.Figure(
        data=traces,
        layout=_layout(
            title,
            height=360,
            xaxis={"type": "category", "automargin": True, "fixedrange": True},
            yaxis=_score_axis(),
            showlegend=len(series) > 1,
            legend={"orientation": "h", "y": -0.2},
        ),
    )
    sentences = []
    for line in series:
        known = [(r, v) for r, v in zip(rounds, line.values, strict=True) if v is not None]
        if not known:
            sentences.append(f"{line.label}: no figures yet.")
        elif len(known) == 1:
            sentences.append(f"{line.label}: {shown(known[0][1])} in {known[0][0]}.")
        else:
            (first_round, first), (last_round, last) = known[0], known[-1]
            sentences.append(
                f"{line.label}: {shown(first)} in {first_round}, {shown(last)} in {last_round}."
            )
    if note:
        sentences.append(note)
    table = Table(
        caption=title,
        headers=["Series", *rounds],
        rows=[
            [line.label, *(shown(v) if v is not None else "no figure" for v in line.values)]
            for line in series
        ],
    )
    return Chart(chart_id, title, " ".join(sentences), table, figure)
