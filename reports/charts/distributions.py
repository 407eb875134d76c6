"""Box plots of precomputed distributions, with labelled reference lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .base import (
    NHS_DARK_BLUE,
    NHS_LIGHT_BLUE,
    SERIES_STYLES,
    Chart,
    Number,
    Table,
    base_layout,
    figure,
    score_axis,
    shown,
    to_float,
)


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
    box = dict(
        type="box",
        orientation="h",
        y=labels,
        q1=[to_float(g.lower_quartile) for g in drawn],
        median=[to_float(g.median) for g in drawn],
        q3=[to_float(g.upper_quartile) for g in drawn],
        lowerfence=[to_float(g.minimum) for g in drawn],
        upperfence=[to_float(g.maximum) for g in drawn],
        fillcolor=NHS_LIGHT_BLUE,
        line={"color": NHS_DARK_BLUE, "width": 2},
        hoverinfo="skip",
        boxpoints=False,
        name="",
    )
    # An invisible marker at each median carries the hover text, formatted like the table.
    hover = dict(
        type="scatter",
        x=[to_float(g.median) for g in drawn],
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
        value = to_float(reference.value)
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
    drawing = figure(
        data=[box, hover],
        layout=base_layout(
            title,
            height=height,
            xaxis=score_axis(),
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
    return Chart(chart_id, title, _distribution_summary(groups, references), table, drawing)


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
        medians = sorted(g.median for g in drawn)  # exact: rounded once, by `shown`
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
