"""Transformation plans: versions as rows, an agreed version never rewritten.

A Plan belongs to a system and a round (or, in the shorter form, to an organisation and a
round). Its content lives in PlanVersions: at most one draft at a time, which the SRO edits, and
any number of agreed versions, each dated and attributed and frozen for good (the ORM refuses
here, and database triggers refuse too: migration "plan versions frozen"). Editing an agreed
plan starts a new draft copied from it. Every change is a PlanEvent, which is append-only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.models import AppendOnlyEvent, AppendOnlyQuerySet, Organisation, Round, System
from config.errors import ConflictError


class AgreedPlanError(ConflictError):
    """Someone tried to change an agreed plan version (409): start a new draft instead."""


class Plan(models.Model):
    system = models.ForeignKey(
        System, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="plans")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-round__opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(system__isnull=True) ^ Q(organisation__isnull=True),
                name="plan_is_a_systems_or_an_organisations",
            ),
            models.UniqueConstraint(
                fields=["system", "round"],
                condition=Q(system__isnull=False),
                name="one_plan_per_system_and_round",
            ),
            models.UniqueConstraint(
                fields=["organisation", "round"],
                condition=Q(organisation__isnull=False),
                name="one_plan_per_organisation_and_round",
            ),
        ]

    def __str__(self) -> str:
        return f"Transformation plan of {self.subject} for {self.round}"

    @property
    def subject(self):
        return self.system or self.organisation

    @property
    def is_system_plan(self) -> bool:
        return self.system_id is not None

    def access_subject(self):
        return self.subject


class PlanVersionQuerySet(models.QuerySet):
    def agreed(self):
        return self.filter(status=PlanVersion.Status.AGREED)

    def drafts(self):
        return self.filter(status=PlanVersion.Status.DRAFT)

    def update(self, **kwargs):
        if self.agreed().exists():
            raise AgreedPlanError("An agreed plan version is never changed.")
        return super().update(**kwargs)

    def delete(self):
        if self.agreed().exists():
            raise AgreedPlanError("An agreed plan version is never deleted.")
        return super().delete()


class PlanVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The approved data its figures were taken from (`reports.plans.basis`): the approved
    # assessments as [ODS code, assessment id, decided at], and their SHA-256. Null for versions
    # made before this was recorded. (Nullable, so that adding them never rebuilt the table.)
    data_used = models.JSONField(null=True, blank=True)
    data_fingerprint = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version_number"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="draft"), name="one_draft_per_plan"
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(agreed_at__isnull=False) & Q(agreed_by__isnull=False)),
                name="agreed_plan_is_dated_and_attributed",
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} ({self.get_status_display().lower()})"

    def save(self, *args, **kwargs):
        if self.pk and PlanVersion.objects.filter(pk=self.pk).agreed().exists():
            raise AgreedPlanError(f"{self} of this plan is agreed: it is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and PlanVersion.objects.filter(pk=self.pk).agreed().exists():
            raise AgreedPlanError(f"{self} of this plan is agreed: it is never deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class VersionContentQuerySet(models.QuerySet):
    """Bulk writes to a plan version's content are refused when the version is agreed."""

    def _refuse_if_agreed(self, version_ids):
        if PlanVersion.objects.filter(pk__in=set(version_ids)).agreed().exists():
            raise AgreedPlanError(
                "An agreed plan version is never changed: start a new draft to change it."
            )

    def update(self, **kwargs):
        self._refuse_if_agreed(self.values_list("version_id", flat=True))
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_agreed(self.values_list("version_id", flat=True))
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        self._refuse_if_agreed(obj.version_id for obj in objs)
        return super().bulk_create(objs, *args, **kwargs)


class VersionContent(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="%(class)ss")

    objects = VersionContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        type(self).objects.all()._refuse_if_agreed([self.version_id])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        type(self).objects.all()._refuse_if_agreed([self.version_id])
        return super().delete(*args, **kwargs)


class PlanTarget(VersionContent):
    """Where the plan aims for one success measure, and where it stands (from the round)."""

    class Source(models.TextChoices):
        ORGANISATIONS = "organisations", "The organisations' own targets"
        NEXT_LEVEL = "next_level", "One level above today"
        NONE = "none", "No data to propose from"

    measure_key = models.SlugField(max_length=80)
    label = models.CharField(max_length=200)
    order = models.PositiveIntegerField(help_text="The framework's display order.")
    weight = models.DecimalField(max_digits=7, decimal_places=3)
    layer = models.PositiveSmallIntegerField(
        default=0, help_text="0 for a foundation; more for measures depending on others."
    )
    current = models.DecimalField(max_digits=12, decimal_places=8, null=True, blank=True)
    proposed = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    proposed_from = models.CharField(max_length=20, choices=Source.choices)
    target = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "measure_key"], name="one_target_per_key"),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=1, target__lte=5),
                name="plan_target_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.target}"


class PlanAction(VersionContent):
    class Origin(models.TextChoices):
        PROPOSED = "proposed", "Proposed from the data"
        OWN = "own", "Added"

    class Decision(models.TextChoices):
        UNDECIDED = "undecided", "Not yet decided"
        ACCEPTED = "accepted", "Accepted"
        DROPPED = "dropped", "Dropped"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        BLOCKED = "blocked", "Blocked"

    measure_key = models.SlugField(max_length=80)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.UNDECIDED)
    title = models.CharField(max_length=300)
    question_key = models.CharField(max_length=80, blank=True)
    current = models.DecimalField(max_digits=12, decimal_places=8, null=True, blank=True)
    next_level = models.PositiveSmallIntegerField(null=True, blank=True)
    guidance = models.TextField(blank=True, help_text="How to reach the next level.")
    next_descriptor = models.TextField(blank=True, help_text="What the next level looks like.")
    behind = models.JSONField(
        default=list, blank=True, help_text="The member organisations furthest behind."
    )
    priority = models.DecimalField(
        max_digits=12, decimal_places=8, default=0, help_text="Gap times weight when proposed."
    )
    position = models.PositiveIntegerField()
    owner = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="unique_action_position"),
            models.CheckConstraint(
                condition=Q(origin="proposed") | Q(decision="accepted"),
                name="own_actions_are_accepted",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanEvent(AppendOnlyEvent):
    """One change to a plan: who, when, what, before and after. Never changed or deleted."""

    CHANGE_REFUSED = "The plan's history cannot be changed."
    DELETE_REFUSED = "The plan's history cannot be deleted."

    class Action(models.TextChoices):
        STARTED = "started", "Plan started from the data"
        TARGET = "target", "Target set"
        ACTION_ADDED = "action_added", "Action added"
        ACTION_CHANGED = "action_changed", "Action changed"
        ACCEPTED = "accepted", "Proposed action accepted"
        DROPPED = "dropped", "Proposed action dropped"
        AGREED = "agreed", "Plan agreed"
        NEW_DRAFT = "new_draft", "New draft started"
        REFRESHED = "refreshed", "Figures refreshed from the approved data"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="events")
    version_number = models.PositiveIntegerField()
    action = models.CharField(max_length=20, choices=Action.choices)
    subject = models.CharField(max_length=300, blank=True, help_text="The measure or action.")

    objects = AppendOnlyQuerySet.as_manager()
