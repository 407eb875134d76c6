"""Rounds, assessments and everything recorded in them.

A Round asks the organisations of some care settings to assess themselves against one
published framework version. Launching it creates one Assessment per taking-part organisation,
pinned to that framework version (and the organisation's care setting) for ever. An assessment
collects Answers (a level or "not applicable", a target, notes), Evidence, section Assignments
and an append-only AuditEvent trail; on approval its Scores are computed once and frozen.
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from config.errors import DomainError
from frameworks.models import FrameworkVersion, Measure, Question

from .organisations import Organisation, OrganisationCareSetting

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Round(models.Model):
    name = models.CharField(
        max_length=100, unique=True, help_text='For example "2026/27 assessment".'
    )
    framework_version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="rounds",
        limit_choices_to={"status": FrameworkVersion.Status.PUBLISHED},
    )
    opens_on = models.DateField()
    closes_on = models.DateField()
    care_settings = models.JSONField(help_text="The care settings that take part.")
    launched_at = models.DateTimeField(null=True, blank=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Closed on or after its closing date: no submission after it, except for an assessment
    # whose deadline a national administrator extended (`Assessment.extended_until`).
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_it_opens"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, on: dt.date) -> bool:
        return self.opens_on <= on <= self.closes_on

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class AssessmentQuerySet(models.QuerySet):
    def in_round(self, round_):
        return self.filter(round=round_)


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"

    EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="assessments")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assessments"
    )
    # Copied at launch, never changed: the exact questions this assessment answers.
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="assessments"
    )
    care_setting = models.CharField(max_length=20, choices=OrganisationCareSetting.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_comment = models.TextField(blank=True)
    # After its round has closed, it may still be submitted until this day (a national
    # administrator's extension, with its reason in the audit log).
    extended_until = models.DateField(null=True, blank=True)
    # A cache of the overall Score row, for lists that show one number per assessment without
    # joining the scores. The Score row (kind "overall") is the source of truth. The cache is
    # written only with it, by `services.scores.scores_freeze` (approval, demo data), and
    # cleared only with it, by `services.scores.scores_withdraw` (reopening): never set it
    # anywhere else. tests/assessments/test_read_seam.py checks that the two never disagree.
    overall_score = models.DecimalField(max_digits=12, decimal_places=8, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["round", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="one_assessment_per_round"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(decided_at__isnull=False),
                name="approved_assessment_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} - {self.round}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def access_subject(self):
        return self.organisation

    def questions(self):
        """The questions this organisation answers, in order (one query)."""
        return (
            Question.objects.filter(version_id=self.framework_version_id)
            .select_related("measure")
            .order_by("measure__order", "order")
            .for_care_setting(self.care_setting)
        )


class Answer(models.Model):
    """What an organisation recorded for one question. `revision` counts saves, so that a save
    made from a stale page is refused instead of overwriting someone else's answer."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(null=True, blank=True, validators=LEVEL_VALIDATORS)
    not_applicable = models.BooleanField(default=False)
    not_applicable_reason = models.TextField(blank=True)
    target_level = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    notes = models.TextField(blank=True)
    from_last_year = models.BooleanField(
        default=False, help_text="Pre-filled from the previous round and not yet confirmed."
    )
    # Nullable, so that adding it leaves the table (and its freeze triggers) as they are.
    prefilled_from = models.JSONField(
        null=True,
        blank=True,
        help_text="When the question was split or merged since last year: the keys of last "
        "year's questions this pre-filled answer came from (the page asks to check it).",
    )
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment", "question__measure__order", "question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=~Q(not_applicable=True, level__isnull=False),
                name="answer_is_a_level_or_not_applicable",
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5),
                name="answer_level_in_range",
            ),
            models.CheckConstraint(
                condition=Q(target_level__isnull=True)
                | Q(target_level__gte=1, target_level__lte=5),
                name="answer_target_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} / {self.question_id}"

    @property
    def is_complete(self) -> bool:
        return self.level is not None or self.not_applicable


class Evidence(models.Model):
    class Kind(models.TextChoices):
        LINK = "link", "Link"
        FILE = "file", "File"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to="evidence/", max_length=300, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="link") & ~Q(url="") & Q(file=""))
                | (Q(kind="file") & ~Q(file="") & Q(url="")),
                name="evidence_is_a_link_or_a_file",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.file_name or self.url

    def access_subject(self):
        return self.assessment.organisation

    @property
    def label(self) -> str:
        return self.title or self.file_name or self.url


class Assignment(models.Model):
    """A success measure of an assessment given to a colleague to answer."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assignments")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "measure"], name="one_assignee_per_section"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} of {self.assessment} to {self.assignee}"


class AppendOnlyError(DomainError):
    """Someone tried to change or delete the audit trail."""


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk changes and deletions of an append-only history are refused."""

    def update(self, **kwargs):
        raise AppendOnlyError(self.model.CHANGE_REFUSED)

    def delete(self):
        raise AppendOnlyError(self.model.DELETE_REFUSED)


class AppendOnly(models.Model):
    """A row that is written once and never changed or deleted (refused here, and by database
    triggers in each table's migration). Subclasses say why in their own words."""

    CHANGE_REFUSED = "This record cannot be changed."
    DELETE_REFUSED = "This record cannot be deleted."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError(self.CHANGE_REFUSED)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(self.DELETE_REFUSED)


class AppendOnlyEvent(AppendOnly):
    """One change to something whose history is kept: who, when, before and after. Never
    changed or deleted: refused here, and by database triggers in each table's migration.
    Assessments' audit log and transformation plans' history are both made of these."""

    CHANGE_REFUSED = "The audit log cannot be changed."
    DELETE_REFUSED = "The audit log cannot be deleted."

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"


class AuditQuerySet(AppendOnlyQuerySet):
    def for_question(self, question_key: str):
        return self.filter(question_key=question_key)


class AuditEvent(AppendOnlyEvent):
    """One change to an assessment: who, when, what, before and after. Never changed or deleted."""

    class Action(models.TextChoices):
        ANSWER = "answer", "Answer changed"
        CONFIRMED = "confirmed", "Answer from last year confirmed"
        EVIDENCE_ADDED = "evidence_added", "Evidence added"
        EVIDENCE_REMOVED = "evidence_removed", "Evidence removed"
        ASSIGNED = "assigned", "Section assigned"
        UNASSIGNED = "unassigned", "Section unassigned"
        STATUS = "status", "Status changed"
        CREATED = "created", "Assessment created"
        EXTENDED = "extended", "Deadline extended"

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="audit")
    question_key = models.CharField(max_length=80, blank=True)
    measure_key = models.CharField(max_length=80, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)

    objects = AuditQuerySet.as_manager()

    class Meta(AppendOnlyEvent.Meta):
        indexes = [models.Index(fields=["assessment", "question_key"])]


class Score(models.Model):
    """A score frozen when an assessment was approved: per question, per measure and overall.
    The source of truth for frozen scores (`Assessment.overall_score` only caches the overall
    row); written and withdrawn only by `services.scores`, read by `selectors.scores`."""

    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        MEASURE = "measure", "Success measure"
        OVERALL = "overall", "Overall"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=80, blank=True, help_text="The question or measure key.")
    score = models.DecimalField(max_digits=12, decimal_places=8, null=True, blank=True)
    weight = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    answered = models.PositiveIntegerField(default=0)
    not_applicable = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["assessment", "kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "kind", "key"], name="one_score_per_key"),
        ]
        indexes = [
            # What reports' figures read, without the heap: measure and overall scores only.
            models.Index(
                fields=["assessment", "key", "score"],
                condition=models.Q(kind__in=["measure", "overall"]),
                name="score_figures",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}: {self.score}"
