"""Small groups: no page, export or API response lets a viewer work out the scores of
organisations they may not see individually.

The rule. A cell's score figures (mean, median, quartiles, lowest, highest) describe `n`
organisations. For a viewer who may not see a group's organisations individually, a cell of
that group describing fewer than `min_group_size()` organisations (setting
WAYMARK_MIN_GROUP_SIZE, default 5) is suppressed ("primary"). Counts (expected, approved,
completeness, n) are always shown: who takes part is public, their scores are not.

Complementary suppression. Shown figures add up: a group's "all providers" cell is made of its
care-setting cells, and a region's (nation's) cell of its systems' (regions') cells, per
setting and measure; with the counts shown, mean x n gives each cell's total. So for every such
relation (a parent cell and its children), with the suppressed ones among them:

1. never exactly one suppressed member: the rest would give it away;
2. when the parent is shown, the suppressed children together describe at least the minimum
   number of organisations, and are at least two cells: what subtraction reveals (their
   combined total, and the parent's lowest or highest score when it is none of the shown
   children's) is then a figure about enough organisations, and about no single cell;
3. then an audit over all the relations at once (exact linear algebra on the cells' totals)
   checks that no suppressed cell's total follows from the shown ones by any combination; if
   one does, one more cell of a relation it is in is suppressed, and the audit runs again.

Each extra cell is the eligible shown cell describing the fewest organisations (least
information lost); only cells of groups the viewer may not see individually are eligible,
since hiding what the viewer may see anyway protects nothing.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from fractions import Fraction

from django.conf import settings

from .aggregates import ICB, PROVIDERS, Aggregate, Cell, Group, redact

PRIMARY = (
    "Not shown: it describes fewer than {n} organisations, so it could reveal an "
    "organisation's own score."
)
COMPLEMENTARY = (
    "Not shown: with the other figures on this page it would reveal a figure hidden because "
    "it describes fewer than {n} organisations."
)

Key = tuple[Group, str, str]


def min_group_size() -> int:
    return int(getattr(settings, "WAYMARK_MIN_GROUP_SIZE", 5))


def relations(aggregate: Aggregate) -> list[tuple[Key, list[Key]]]:
    """Every (parent cell, child cells) that add up, per measure."""
    keys = set(aggregate.cells)
    measures = sorted({measure for (_, _, measure) in keys})
    by_group: dict[Group, set[str]] = {}
    for group, setting, _ in keys:
        by_group.setdefault(group, set()).add(setting)
    found = []
    for measure in measures:
        for group, group_settings in by_group.items():
            parts = sorted(group_settings - {PROVIDERS, ICB})
            if PROVIDERS in group_settings and parts:
                found.append(((group, PROVIDERS, measure), [(group, s, measure) for s in parts]))
        for parent, children in aggregate.children.items():
            for setting in sorted(by_group.get(parent, ())):
                kids = [(c, setting, measure) for c in children if (c, setting, measure) in keys]
                if kids:
                    found.append(((parent, setting, measure), kids))
    return found


def suppress(
    aggregate: Aggregate,
    *,
    sees_individually: Mapping[Group, bool] | Callable[[Group], bool],
    min_size: int | None = None,
    subject: Group | None = None,
) -> Aggregate:
    """A copy of `aggregate` as one viewer may see it: cells suppressed (score figures removed,
    `suppressed` saying why) by the rules in the module docstring. `sees_individually(group)`
    (or a mapping; missing groups count as False) comes from the access policy: may this viewer
    see this group's organisations one by one? `subject` is the group the page is about: its
    cells are hidden to protect others only when no other cell would do."""
    n_min = min_group_size() if min_size is None else min_size
    sees = (
        sees_individually
        if callable(sees_individually)
        else (lambda g: bool(sees_individually.get(g, False)))
    )
    cells = aggregate.cells
    size = {key: cell.n for key, cell in cells.items()}
    lines = [
        (parent, [c for c in children if size.get(c, 0) > 0])
        for parent, children in relations(aggregate)
    ]
    seen = _seen(cells, lines, size, sees)
    eligible = {key for key, cell in cells.items() if cell.n > 0 and key not in seen}
    hidden: dict[Key, str] = {key: PRIMARY.format(n=n_min) for key in eligible if size[key] < n_min}

    def hide_one_of(candidates: Iterable[Key]) -> bool:
        options = sorted(
            (k for k in candidates if k in eligible and k not in hidden),
            key=lambda k: (k[0] == subject, size[k], str(k)),
        )
        if options:
            hidden[options[0]] = COMPLEMENTARY.format(n=n_min)
        return bool(options)

    while True:
        changed = True
        while changed:
            changed = False
            for parent, children in lines:
                changed |= _protect_line(parent, children, hidden, size, n_min, hide_one_of)
        determined = _determined(lines, hidden)
        if not determined:
            break
        if any(hide_one_of([p, *cs]) for p, cs in lines for k in determined if k in (p, *cs)):
            continue
        # Every cell of the determined cells' own relations is hidden already: the leak runs
        # through shown cells of other relations. Hide the smallest one whose hiding frees a
        # determined cell; failing that, everything eligible (never a leak).
        if not _hide_a_link(lines, hidden, eligible, size, set(determined), n_min):
            for key in eligible - set(hidden):
                hidden[key] = COMPLEMENTARY.format(n=n_min)
            break

    redacted = {
        key: redact(cell, hidden[key]) if key in hidden else replace(cell)
        for key, cell in cells.items()
    }
    return replace(aggregate, cells=redacted)


def _seen(cells, lines, size, sees) -> set[Key]:
    """The cells about organisations the viewer may see one by one: those of groups they see,
    and any cell made up only of such cells (a region's ambulance cell whose one trust is
    hosted in the SRO's own system): it tells them nothing they may not know."""
    seen = {key for key, cell in cells.items() if sees(cell.group)}
    grew = True
    while grew:
        grew = False
        for parent, children in lines:
            if (
                parent not in seen
                and children
                and all(c in seen for c in children)
                and sum(size[c] for c in children) == size.get(parent, 0)
            ):
                seen.add(parent)
                grew = True
    return seen


def _hide_a_link(lines, hidden, eligible, size, determined, n_min) -> bool:
    """Hide the smallest eligible shown cell whose hiding leaves fewer cells determined."""
    for key in sorted(eligible - set(hidden), key=lambda k: (size[k], str(k))):
        trial = {**hidden, key: ""}
        if len(_determined(lines, trial)) < len(determined):
            hidden[key] = COMPLEMENTARY.format(n=n_min)
            return True
    return False


def _protect_line(parent, children, hidden, size, n_min, hide_one_of) -> bool:
    """Rules 1 and 2 for one relation; True if a cell was suppressed."""
    if size.get(parent, 0) == 0 or not children:
        return False
    hidden_children = [c for c in children if c in hidden]
    if parent in hidden:
        if hidden_children:
            return False
        return hide_one_of(children)
    if not hidden_children:
        return False
    if len(hidden_children) >= 2 and sum(size[c] for c in hidden_children) >= n_min:
        return False
    return hide_one_of([*children, parent])


def _determined(lines, hidden: Mapping[Key, str]) -> list[Key]:
    """The suppressed cells whose total follows from the shown cells' totals: exact Gaussian
    elimination (sparse, over fractions) on the relations `parent - sum(children) = 0`
    restricted to the suppressed cells; a cell is determined when its unit vector lies in the
    span of those rows."""
    rows: list[dict[Key, Fraction]] = []
    for parent, children in lines:
        row: dict[Key, Fraction] = {}
        for key, sign in [(parent, 1), *((c, -1) for c in children)]:
            if key in hidden:
                row[key] = row.get(key, Fraction(0)) + sign
        row = {k: v for k, v in row.items() if v}
        if row:
            rows.append(row)
    basis = _echelon(rows)
    determined = []
    for key in sorted({k for row in rows for k in row}, key=str):
        vector = _reduce({key: Fraction(1)}, basis)
        if not vector:
            determined.append(key)
    return determined


def _reduce(row: dict, basis: dict) -> dict:
    """`row` minus its components along the basis rows (each 1 at its pivot, 0 at the others)."""
    row = dict(row)
    for pivot in [k for k in row if k in basis]:
        factor = row.get(pivot)
        if factor:
            for k, v in basis[pivot].items():
                value = row.get(k, Fraction(0)) - factor * v
                if value:
                    row[k] = value
                else:
                    row.pop(k, None)
    return row


def _echelon(rows: list[dict]) -> dict:
    """Reduced row echelon form as {pivot: row}, each row 1 at its pivot and 0 at the others'."""
    basis: dict = {}
    for row in rows:
        row = _reduce(row, basis)
        while any(k in basis for k in row):  # a pivot reintroduced by an earlier subtraction
            row = _reduce(row, basis)
        if not row:
            continue
        pivot = min(row, key=str)
        scale = row[pivot]
        row = {k: v / scale for k, v in row.items()}
        for other, base in basis.items():
            factor = base.get(pivot)
            if factor:
                updated = dict(base)
                for k, v in row.items():
                    value = updated.get(k, Fraction(0)) - factor * v
                    if value:
                        updated[k] = value
                    else:
                        updated.pop(k, None)
                basis[other] = updated
        basis[pivot] = row
    return basis


def may_be_shown(cell: Cell) -> bool:
    return not cell.suppressed
