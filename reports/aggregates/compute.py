"""The aggregation itself: every cell's exact integers for a round on a footprint date, from the
frozen scores, in five queries whatever the number of organisations (counts, unplaced, the
figures; the measures and the systems and regions are read by the caller)."""

import datetime as dt
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection, transaction

from assessments.models import Round

from .. import sources
from .definitions import (
    ICB,
    LEVELS,
    NATION,
    PROVIDERS,
    REGION,
    SYSTEM,
    THE_NATION,
    Group,
    Tally,
    needed_ranks,
    order_ranks,
)

# Each score row counts in six groupings: (system, region, nation) x (its care setting, all
# providers); ICBs are left out of "all providers". The rows are first counted per distinct
# score within (system, setting, measure) (a third as many rows as scores on the national
# dataset), so that the six groupings expand and sort value counts, not scores. The grouping,
# setting and measure are packed into one integer partition key, so that the one sort is over
# two integers. A running sum of the counts gives each distinct score the range of ranks it
# holds; the database returns only the scores holding a rank some figure needs (first, last,
# and the two either side of each quartile), with the partition's count and integer sum.
_FIGURES_SQL = """
WITH base AS ({base}),
levels(lv, sl) AS (VALUES (0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)),
counted AS (
    SELECT b.system_id AS system_id, b.region_id AS region_id,
           CASE b.setting {setting_cases} ELSE 0 END AS setting_code,
           CASE b.measure {measure_cases} ELSE 0 END AS measure_code,
           b.units AS units, COUNT(*) AS k
    FROM base b
    GROUP BY b.system_id, b.region_id, b.setting, b.measure, b.units
),
expanded AS (
    SELECT e.pkey, e.units, SUM(e.k) AS k
    FROM (
        SELECT ((l.lv * {group_span}
                 + CASE l.lv WHEN 0 THEN c.system_id WHEN 1 THEN c.region_id ELSE 0 END)
                * {code_span} + l.sl * c.setting_code) * {code_span} + c.measure_code AS pkey,
               c.units AS units, c.k AS k
        FROM counted c CROSS JOIN levels l
        WHERE l.sl = 1 OR c.setting_code <> {icb_code}
    ) e
    GROUP BY e.pkey, e.units
),
ranked AS (
    SELECT pkey, units, CAST(k AS BIGINT) AS k,
           CAST(SUM(k) OVER (PARTITION BY pkey ORDER BY units) AS BIGINT) AS upto,
           CAST(SUM(k) OVER (PARTITION BY pkey) AS BIGINT) AS n,
           SUM(k * units) OVER (PARTITION BY pkey) AS total
    FROM expanded
)
SELECT pkey, n, total, upto - k + 1 AS first_rank, upto AS last_rank, units FROM ranked
WHERE {rank_held}
"""
# The ranks each figure needs, as SQL over n (integer division: floor for n >= 1).
_NEEDED_RANKS_SQL = (
    "1",
    "n",
    "(n - 1) / 4 + 1",
    "(n - 1) / 4 + 2",
    "(n - 1) / 2 + 1",
    "(n - 1) / 2 + 2",
    "3 * (n - 1) / 4 + 1",
    "3 * (n - 1) / 4 + 2",
)
GROUP_SPAN = 10**9  # ids below a billion
CODE_SPAN = 1000  # fewer than a thousand care settings and measures
# The figures query sorts about a hundred thousand small rows on the national dataset: enough
# memory to do it without spilling to disk, for this transaction only; compiling it (JIT) costs
# more than it saves.
POSTGRES_SETTINGS = ("SET LOCAL jit = off", "SET LOCAL work_mem = '64MB'")


def _group(level_index: int, gid: int | None) -> Group:
    level = LEVELS[level_index]
    return THE_NATION if level == NATION else Group(level, gid)


def figures_sql(round_: Round, on: dt.date, measure_keys: list[str]):
    """The one query of the score figures: (sql, params, settings by code, measures by code)."""
    base, params = sources.score_rows(round_, on)
    settings = [PROVIDERS, *sources.CARE_SETTINGS]  # code 0 means "all providers" when sl = 0
    measures = ["?", *measure_keys]
    sql = _FIGURES_SQL.format(
        base=base,
        setting_cases=" ".join(f"WHEN %s THEN {i}" for i in range(1, len(settings))),
        measure_cases=" ".join(f"WHEN %s THEN {i}" for i in range(1, len(measures))),
        group_span=GROUP_SPAN,
        code_span=CODE_SPAN,
        icb_code=settings.index(ICB),
        rank_held=" OR ".join(
            f"(upto - k + 1 <= {rank} AND {rank} <= upto)" for rank in _NEEDED_RANKS_SQL
        ),
    )
    return sql, [*params, *settings[1:], *measures[1:]], settings, measures


def score_tallies(
    round_: Round, on: dt.date, measure_keys: list[str]
) -> dict[tuple[Group, str, str], tuple[int, int, tuple[int, ...]]]:
    """(n, integer sum of units, ORDER_STATISTICS) per cell with at least one score."""
    sql, params, settings, measures = figures_sql(round_, on, measure_keys)
    found: dict[int, tuple[int, int, dict[int, int]]] = {}
    postgres = connection.vendor == "postgresql"
    with transaction.atomic() if postgres else nullcontext(), connection.cursor() as cursor:
        if postgres:
            for setting in POSTGRES_SETTINGS:
                cursor.execute(setting)
        cursor.execute(sql, params)
        for pkey, n, total, first, last, units in cursor.fetchall():
            n = int(n)
            if pkey not in found:
                found[pkey] = (n, int(total), {})
            at_rank = found[pkey][2]
            for rank in needed_ranks(n):
                if first <= rank <= last:
                    at_rank[rank] = int(units)
    tallies = {}
    for pkey, (n, total, at_rank) in found.items():
        rest, measure_code = divmod(pkey, CODE_SPAN)
        rest, setting_code = divmod(rest, CODE_SPAN)
        level, gid = divmod(rest, GROUP_SPAN)
        key = (_group(level, gid), settings[setting_code], measures[measure_code])
        tallies[key] = (n, total, tuple(at_rank[rank] for rank in order_ranks(n)))
    return tallies


def _counts(round_: Round, on: dt.date):
    """Expected and approved per (group, setting), and each system's region on `on`."""
    counts: dict[tuple[Group, str], list[int]] = defaultdict(lambda: [0, 0])
    region_of: dict[int, int] = {}
    for system_id, region_id, setting, launched, approved in sources.assessment_counts(round_, on):
        region_of[system_id] = region_id
        for group in (Group(SYSTEM, system_id), Group(REGION, region_id), THE_NATION):
            for column in (setting, PROVIDERS) if setting != ICB else (setting,):
                counts[(group, column)][0] += launched
                counts[(group, column)][1] += approved
    return counts, region_of


@dataclass(frozen=True)
class Computed:
    """Every cell's integers for a round on a footprint date, before they become figures."""

    tallies: dict[tuple[Group, str, str], Tally]
    region_of: dict[int, int]  # each counted system's region on the footprint date
    unplaced: int  # assessments whose organisation had no host system on the date


def compute(round_: Round, on: dt.date, measure_keys: list[str]) -> Computed:
    """Three queries: the counts, the score figures and the unplaced assessments."""
    counts, region_of = _counts(round_, on)
    scores = score_tallies(round_, on, measure_keys)
    keys = measure_keys + sorted({measure for (_, _, measure) in scores} - set(measure_keys))
    tallies = {}
    for (group, setting), (expected, approved) in counts.items():
        for measure in keys:
            n, total, statistics = scores.get((group, setting, measure), (0, 0, ()))
            tallies[(group, setting, measure)] = Tally(expected, approved, n, total, statistics)
    return Computed(tallies, region_of, sources.unplaced_count(round_, on))
