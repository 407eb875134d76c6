"""What reports keep of their own: published national results imported as benchmarks.

A benchmark is someone else's published figures (e.g. NHS England's 2025 results workbook), kept
apart from Waymark's own assessments: pages show it as "national published", never mixed into
Waymark's aggregates. It is written once, all or nothing, and never edited; a corrected file is
imported as a new benchmark.
"""

from django.conf import settings
from django.db import models

from assessments.models import Organisation, OrganisationCareSetting, System
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
    "Plan",
    "PlanAction",
    "PlanEvent",
    "PlanTarget",
    "PlanVersion",
    "Report",
    "ReportBatch",
]
