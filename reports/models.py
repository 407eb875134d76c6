"""What reports keep of their own: published national results imported as benchmarks.

A benchmark is someone else's published figures (e.g. NHS England's 2025 results workbook), kept
apart from Waymark's own assessments: pages show it as "national published", never mixed into
Waymark's aggregates. It is written once, all or nothing, and never edited; a corrected file is
imported as a new benchmark.
"""

from django.conf import settings
from django.db import models

from assessments.models import Organisation, OrganisationCareSetting, Round, System
from frameworks.models import FrameworkVersion


class Benchmark(models.Model):
    name = models.CharField(max_length=200, unique=True, help_text='E.g. "2025 national results".')
    framework_version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Whose success measures (by stable key) the file's columns were mapped to.",
    )
    source_name = models.CharField(max_length=200, help_text="The file's name, as uploaded.")
    checksum = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the file.")
    organisation_count = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "name"]

    def __str__(self) -> str:
        return self.name


class BenchmarkScore(models.Model):
    """One organisation's published score for one success measure (by stable key)."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="scores")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="+")
    care_setting = models.CharField(max_length=20, choices=OrganisationCareSetting.choices)
    measure_key = models.CharField(max_length=80)
    score = models.DecimalField(max_digits=12, decimal_places=8)
    row = models.PositiveIntegerField(help_text="The row of the file it came from.")

    class Meta:
        ordering = ["benchmark", "organisation__name", "measure_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["benchmark", "organisation", "measure_key"],
                name="one_benchmark_score_per_measure",
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="benchmark_score_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.measure_key}: {self.score}"


# --- precomputed figures (reports.aggregates) ---------------------------------------------------


class FiguresGeneration(models.Model):
    """One row (id 1): a counter that database triggers bump whenever a table the figures read
    changes (assessments, frozen scores, system memberships, systems; migration 0003), in the
    writing transaction. Kept figures are fresh only at the generation they were computed at."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"generation {self.value}"


class FiguresSnapshot(models.Model):
    """A round's figures on one footprint date, computed at one data generation."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    generation = models.BigIntegerField()
    unplaced = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "on"], name="one_snapshot_per_round_and_day")
        ]

    def __str__(self) -> str:
        return f"round {self.round_id} on {self.on} at generation {self.generation}"


class CellFigures(models.Model):
    """The exact integers behind one cell (group x care setting x measure) of a snapshot: the
    counts, the integer sum of the scores in 10^-8 and the order statistics the quartiles need
    (`reports.aggregates.ORDER_STATISTICS`). Every figure follows from them exactly."""

    snapshot = models.ForeignKey(FiguresSnapshot, on_delete=models.CASCADE, related_name="cells")
    level = models.PositiveSmallIntegerField()  # reports.aggregates.LEVELS: system, region, nation
    group_pk = models.IntegerField(null=True)  # the system's or region's id; null for the nation
    region_pk = models.IntegerField(null=True)  # a system's region on the footprint date
    setting = models.CharField(max_length=20)
    measure = models.CharField(max_length=80, blank=True)
    expected = models.PositiveIntegerField()
    approved = models.PositiveIntegerField()
    n = models.PositiveIntegerField()
    total_units = models.BigIntegerField()
    minimum = models.BigIntegerField(null=True)
    q1_low = models.BigIntegerField(null=True)
    q1_high = models.BigIntegerField(null=True)
    median_low = models.BigIntegerField(null=True)
    median_high = models.BigIntegerField(null=True)
    q3_low = models.BigIntegerField(null=True)
    q3_high = models.BigIntegerField(null=True)
    maximum = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return f"level {self.level} {self.group_pk} {self.setting} {self.measure or 'overall'}"


# Transformation plans live in their own package (reports/plans/models.py).
# The documents' records live with the documents (reports/documents/).
from .documents.models import Report, ReportBatch  # noqa: E402
from .plans.models import (  # noqa: E402, F401
    Plan,
    PlanAction,
    PlanEvent,
    PlanTarget,
    PlanVersion,
)

__all__ = [
    "Benchmark",
    "BenchmarkScore",
    "CellFigures",
    "FiguresGeneration",
    "FiguresSnapshot",
    "Plan",
    "PlanAction",
    "PlanEvent",
    "PlanTarget",
    "PlanVersion",
    "Report",
    "ReportBatch",
]
