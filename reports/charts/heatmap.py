"""Scores of rows by columns, every cell labelled with its value."""

from __future__ import annotations

from collections.abc import Sequence

from .base import (
    LEVEL_SCALE,
    SCORE_RANGE,
    Chart,
    Number,
    Table,
    base_layout,
    figure,
    shown,
    to_float,
)


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
    z = [[to_float(v) for v in row] for row in values]
    text = [[shown(v) if v is not None else "no score" for v in row] for row in values]
    drawing = figure(
        data=[
            dict(
                type="heatmap",
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
        layout=base_layout(
            title,
            height=120 + 30 * max(len(rows), 1),
            # Slanted labels: columns are narrow beside long organisation names.
            xaxis={
                "side": "top",
                "automargin": True,
                "fixedrange": True,
                "tickangle": -45,
                "tickfont": {"size": 12},
            },
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
    return Chart(chart_id, title, summary, table, drawing)
