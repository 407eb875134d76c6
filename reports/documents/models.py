"""A requested document and its life: queued, rendering, ready (a stored file) or failed (with
a message a person can act on). Imported by `reports/models.py`."""

from django.conf import settings
from django.db import models

from assessments.models import Organisation, Region, Round, System


class Kind(models.TextChoices):
    SYSTEM_PLAN = "system_plan", "Transformation plan"
    BOARD_SUMMARY = "board_summary", "Board summary"
    ORGANISATION_PLAN = "organisation_plan", "Organisation plan"


SYSTEM_KINDS = (Kind.SYSTEM_PLAN, Kind.BOARD_SUMMARY)
PLURALS = {
    Kind.SYSTEM_PLAN: "Transformation plans",
    Kind.BOARD_SUMMARY: "Board summaries",
    Kind.ORGANISATION_PLAN: "Organisation plans",
}


class ReportBatch(models.Model):
    """The documents of every system of a region, requested at once by an analyst."""

    kind = models.CharField(max_length=20, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plural} for {self.region}, {self.round}"

    @property
    def plural(self) -> str:
        return PLURALS[Kind(self.kind)]

    def access_subject(self):
        return self.region


class Report(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    Kind = Kind

    kind = models.CharField(max_length=20, choices=Kind.choices)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="reports")
    system = models.ForeignKey(
        System, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    batch = models.ForeignKey(
        ReportBatch, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(blank=True, help_text="Why it failed, in words a person can act on.")
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The stored document: named by its content's SHA-256, so the same inputs find the same file.
    file = models.FileField(upload_to="reports/", max_length=300, blank=True)
    checksum = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveSmallIntegerField(default=0)
    # Which approved data it used: the approved assessments and their decision times, and a
    # SHA-256 of them, so a reopened (or newly approved) assessment shows as a change.
    data_used = models.JSONField(default=list, blank=True)
    data_fingerprint = models.CharField(max_length=64, blank=True)
    # The plan version asked for (the agreed one or the current draft); none when no plan had
    # been started: the draft proposed from the data.
    plan_version = models.ForeignKey(
        "reports.PlanVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The plan it printed: agreed (by whom, when) or a draft.
    agreed = models.BooleanField(default=False)
    agreed_by = models.CharField(max_length=200, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(system__isnull=False, organisation__isnull=True)
                    | models.Q(system__isnull=True, organisation__isnull=False)
                ),
                name="report_has_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}, {self.round}"

    @property
    def subject(self):
        return self.system or self.organisation

    def access_subject(self):
        return self.subject

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)

    @property
    def title(self) -> str:
        return f"{self.get_kind_display()}: {self.subject.name}, {self.round.name}"

    @property
    def filename(self) -> str:
        words = f"{self.subject.ods_code} {self.get_kind_display()} {self.round.name}"
        safe = "".join(c if c.isalnum() else "-" for c in words.lower())
        return "-".join(part for part in safe.split("-") if part) + ".pdf"
