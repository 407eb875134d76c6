"""Figures kept between reads: a round's cells on one footprint date, as the exact integers
they come from, valid at one data generation (`reports.models`, and the triggers that bump the
generation in reports' migration 0003)."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q, Subquery, Value
from django.db.models.functions import Coalesce

from assessments.models import Round

from .. import sources
from ..models import CellFigures, FiguresGeneration, FiguresSnapshot
from .compute import Computed
from .definitions import LEVELS, NATION, ORDER_STATISTICS, SYSTEM, THE_NATION, Group, Tally

_LEVEL_INDEX = {level: i for i, level in enumerate(LEVELS)}
_COLUMNS = (
    "level",
    "group_pk",
    "region_pk",
    "setting",
    "measure",
    "expected",
    "approved",
    "n",
    "total_units",
    *ORDER_STATISTICS,
)


def generation() -> int:
    row = FiguresGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    return row or 0


def _current():
    return Coalesce(Subquery(FiguresGeneration.objects.filter(pk=1).values("value")[:1]), Value(0))


def current(round_: Round, on: dt.date) -> tuple | None:
    """The identity of the round's figures on `on` if they were kept at the current generation
    (one query), else None: (pk, round pk, day, generation, when computed, unplaced). No two
    snapshots share one, so what is made from a snapshot may be reused under it."""
    return (
        FiguresSnapshot.objects.filter(round_id=round_.pk, on=on, generation=_current())
        .values_list("pk", "round_id", "on", "generation", "computed_at", "unplaced")
        .first()
    )


def read(identity: tuple) -> Computed:
    """The figures of the snapshot `current()` found (one query)."""
    tallies, region_of = {}, {}
    for row in CellFigures.objects.filter(snapshot_id=identity[0]).values_list(*_COLUMNS):
        level, group_pk, region_pk, setting, measure, expected, approved, n, total = row[:9]
        level = LEVELS[level]
        group = THE_NATION if level == NATION else Group(level, group_pk)
        if level == SYSTEM and region_pk is not None:
            region_of[group_pk] = region_pk
        statistics = tuple(row[9:]) if n else ()
        tallies[(group, setting, measure)] = Tally(expected, approved, n, total, statistics)
    return Computed(tallies, region_of, identity[-1])


def kept(round_: Round, on: dt.date) -> Computed | None:
    """The round's figures on `on` if they were computed at the current generation (two
    queries), else None."""
    identity = current(round_, on)
    return None if identity is None else read(identity)


def keep(round_: Round, on: dt.date, generation: int, computed: Computed) -> None:
    """Keep `computed` as the round's figures on `on` at `generation`, replacing what was kept
    for that day and anything kept at another generation or for a day that is neither the
    round's opening day, `on` or today (a round's pages read it on its opening day and, for
    trends, on today's footprint: keeping one must not drop the other). A concurrent keeper
    of the same figures wins quietly."""
    rows = []
    for (group, setting, measure), tally in computed.tallies.items():
        statistics = tally.statistics or (None,) * len(ORDER_STATISTICS)
        rows.append(
            CellFigures(
                level=_LEVEL_INDEX[group.level],
                group_pk=group.id,
                region_pk=computed.region_of.get(group.id) if group.level == SYSTEM else None,
                setting=setting,
                measure=measure,
                expected=tally.expected,
                approved=tally.approved,
                n=tally.n,
                total_units=tally.total_units,
                **dict(zip(ORDER_STATISTICS, statistics, strict=True)),
            )
        )
    try:
        with transaction.atomic():
            # Raw deletes: two statements whatever is kept (no collector, no signals).
            days = [round_.opens_on, on, sources.today()]
            replaced = Q(on=on) | ~Q(generation=generation) | ~Q(on__in=days)
            snapshots = FiguresSnapshot.objects.filter(replaced, round_id=round_.pk)
            cells = CellFigures.objects.filter(snapshot__in=snapshots.values("pk"))
            cells._raw_delete(cells.db)
            snapshots._raw_delete(snapshots.db)
            snapshot = FiguresSnapshot.objects.create(
                round_id=round_.pk, on=on, generation=generation, unplaced=computed.unplaced
            )
            for row in rows:
                row.snapshot = snapshot
            CellFigures.objects.bulk_create(rows, batch_size=2000)
    except IntegrityError:
        pass  # another request kept the same round and day first
