"""Scores across rounds, one labelled line per series."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .base import (
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
    """Scores across rounds, one line per series. The first series (the subject: this system,
    this organisation) has each point labelled with its value; the others' labels would sit on
    top of each other where lines run close, so their values are in the hover text and the
    table."""
    if any(len(s.values) != len(rounds) for s in series):
        raise ValueError("A trend needs one value (or None) per round for every series.")
    traces = []
    for index, line in enumerate(series):
        colour, symbol, dash = SERIES_STYLES[index % len(SERIES_STYLES)]
        labels = [shown(v) if v is not None else "" for v in line.values]
        traces.append(
            dict(
                type="scatter",
                x=list(rounds),
                y=[to_float(v) for v in line.values],
                name=line.label,
                mode="lines+markers+text" if index == 0 else "lines+markers",
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
    drawing = figure(
        data=traces,
        layout=base_layout(
            title,
            height=360,
            xaxis={"type": "category", "automargin": True, "fixedrange": True},
            yaxis=score_axis(),
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
    return Chart(chart_id, title, " ".join(sentences), table, drawing)
