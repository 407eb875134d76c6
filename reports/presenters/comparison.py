"""Systems (or regions) side by side: a distribution per success measure, never a league
table. Rows are alphabetical unless the reader sorts by a column (a plain GET parameter); no
row carries a rank."""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from .. import charts
from ..aggregates import FIGURES, THE_NATION, Aggregate, Cell, Group
from .common import measure_choices

# The columns a comparison table may be sorted by, in the table's order.
COLUMNS = [
    ("name", ""),  # the group's name: the label depends on the table
    ("approved", "Approved of expected"),
    ("completeness", FIGURES["completeness"].label),
    ("n", FIGURES["n"].label),
    ("mean", FIGURES["mean"].label),
    ("median", FIGURES["median"].label),
    ("q1", FIGURES["q1"].label),
    ("q3", FIGURES["q3"].label),
    ("minimum", FIGURES["minimum"].label),
    ("maximum", FIGURES["maximum"].label),
]
SORTS = {key for key, _ in COLUMNS}


@dataclass(frozen=True)
class Row:
    group: Group
    name: str
    href: str | None
    cell: Cell
    parent: str = ""  # the region's name, in the national list of systems


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    href: str
    sorted: str  # "ascending", "descending" or "" (for aria-sort)


@dataclass
class Table:
    heading: str  # the first column's heading: "System" or "Region"
    rows: list[Row]
    columns: list[Column] = field(default_factory=list)
    with_parent: bool = False


def parse_sort(value: str | None) -> str:
    """The sort asked for ("median", "-median", ...), or "name"."""
    value = (value or "").strip()
    return value if value.lstrip("-") in SORTS else "name"


def _sort_value(row: Row, key: str):
    if key == "name":
        return (0, row.name.lower())
    value = row.cell.value(key)
    return (1, 0) if value is None else (0, value)


def sorted_rows(rows: list[Row], sort: str) -> list[Row]:
    """Alphabetical, then by the column asked for (missing figures always last)."""
    key, descending = sort.lstrip("-"), sort.startswith("-")
    by_name = sorted(rows, key=lambda r: r.name.lower())
    if key == "name":
        return list(reversed(by_name)) if descending else by_name
    present = [r for r in by_name if r.cell.value(key) is not None]
    missing = [r for r in by_name if r.cell.value(key) is None]
    present.sort(key=lambda r: r.cell.value(key), reverse=descending)
    return present + missing


def table(
    heading: str,
    rows: list[Row],
    *,
    sort: str,
    params: dict[str, str],
    anchor: str = "",
    with_parent: bool = False,
    param: str = "sort",
) -> Table:
    """The rows in the order asked for, with a sorting link on every column heading."""
    columns = []
    for key, label in COLUMNS:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        following = f"-{key}" if current and not descending else key
        query = urlencode({**{k: v for k, v in params.items() if v}, param: following})
        columns.append(
            Column(
                key,
                label or heading,
                f"?{query}{anchor}",
                ("descending" if descending else "ascending") if current else "",
            )
        )
    return Table(heading, sorted_rows(rows, sort), columns, with_parent)


def distribution_charts(
    figures: Aggregate,
    rows: list[Row],
    *,
    setting: str,
    prefix: str,
    what: str,
    references: Callable[[str], list[tuple[str, Group]]],
    only: str | None = None,
) -> list[charts.Chart]:
    """One box-plot chart per success measure (or just `only`), the rows in the table's order,
    with labelled reference lines (e.g. the regional and national medians)."""
    drawn = []
    for key, label in measure_choices(figures):
        if only is not None and key != only:
            continue
        cells = [figures.cell(r.group, setting, key) for r in rows]
        if not any(c.n for c in cells):
            continue  # nothing scored in this measure for this care setting
        lines = [
            charts.Reference(name, cell.median)
            for name, group in references(key)
            if (cell := figures.cell(group, setting, key)).median is not None
        ]
        drawn.append(
            charts.distributions(
                f"{prefix}-{key or 'overall'}",
                f"{label}: spread of scores by {what}",
                [
                    charts.Distribution(
                        r.name,
                        c.n,
                        c.minimum,
                        c.q1,
                        c.median,
                        c.q3,
                        c.maximum,
                        c.mean,
                        suppressed=c.suppressed,
                    )
                    for r, c in zip(rows, cells, strict=True)
                ],
                references=lines,
                group_heading=what.capitalize(),
                links=[r.href for r in rows],
            )
        )
    return drawn


def national_reference(_key: str) -> list[tuple[str, Group]]:
    return [("National median", THE_NATION)]
