"""Published national results beside Waymark's own: "national published", never mixed in.

The latest imported benchmark's providers (ICBs left out, as in Waymark's provider figures),
grouped as the file placed them (its ICS, and that system's region), per success measure by
stable key: how many organisations, their plain mean (the national method) and their median.
The published file is public, organisation by organisation, so no figure of it is suppressed.
A benchmark never changes once imported, so its figures are computed once per scope and kept in
the cache.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.core.cache import cache

from ..models import Benchmark, BenchmarkScore

ICB = "icb"


@dataclass(frozen=True)
class PublishedFigure:
    n: int
    mean: Fraction | None  # exact, rounded once when shown
    median: Fraction | None


@dataclass(frozen=True)
class Published:
    """The benchmark's figures for some places (columns) by success measure (rows)."""

    benchmark: Benchmark
    columns: list[str]
    rows: list[tuple[str, list[PublishedFigure]]]  # (measure label, one figure per column)


def _figure(values: list[Decimal]) -> PublishedFigure:
    if not values:
        return PublishedFigure(0, None, None)
    total = sum((Fraction(v) for v in values), Fraction(0))
    return PublishedFigure(len(values), total / len(values), Fraction(statistics.median(values)))


def _values(benchmark: Benchmark, *, region_id=None, system_id=None) -> dict[str, list[Decimal]]:
    """The providers' scores by measure key, for the nation, a region or a system."""
    stamp = f"{benchmark.pk}:{benchmark.checksum}:{benchmark.imported_at.timestamp()}"
    key = f"waymark:benchmark:{stamp}:{region_id}:{system_id}"
    found = cache.get(key)
    if found is None:
        rows = BenchmarkScore.objects.filter(benchmark=benchmark).exclude(care_setting=ICB)
        if region_id is not None:
            rows = rows.filter(system__region_id=region_id)
        if system_id is not None:
            rows = rows.filter(system_id=system_id)
        grouped = defaultdict(list)
        for measure_key, score in rows.values_list("measure_key", "score").iterator():
            grouped[measure_key].append(Decimal(score))
        found = {k: sorted(v) for k, v in grouped.items()}
        cache.set(key, found, timeout=None)
    return found


def published(measures: list[tuple[str, str]], *, region=None, system=None) -> Published | None:
    """The latest benchmark for England, and the region and system given, by the measures
    (stable key, label) of the page's round; None if no benchmark has been imported."""
    benchmark = Benchmark.objects.order_by("-imported_at", "-pk").first()
    if benchmark is None:
        return None
    places = [("England", _values(benchmark))]
    if region is not None:
        places.append((region.name, _values(benchmark, region_id=region.pk)))
    if system is not None:
        places.append((system.name, _values(benchmark, system_id=system.pk)))
    rows = [
        (label, [_figure(values.get(key, [])) for _, values in places])
        for key, label in measures
        if any(values.get(key) for _, values in places)
    ]
    return Published(benchmark, [name for name, _ in places], rows)
