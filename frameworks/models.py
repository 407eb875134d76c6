"""The maturity framework as versioned data.

A Framework (e.g. What Good Looks Like) has versions. A FrameworkVersion owns its success
measures, themes, questions and level descriptors. Once published, a version never changes:
every write to its content is refused here, in `save()`, `delete()` and the bulk QuerySet
methods, so the admin, the API and any script meet the same rule.
"""

import re
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from config.errors import DomainError

from .access import is_active_user, is_author
from .vocabulary import WORDS, VersionVocabulary

LEVELS = (1, 2, 3, 4, 5)
SEMVER_RE = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")  # fullmatch


class CareSetting(models.TextChoices):
    ACUTE = "acute", "Acute"
    MENTAL_HEALTH = "mental_health", "Mental health"
    COMMUNITY = "community", "Community"
    AMBULANCE = "ambulance", "Ambulance"
    ICB = "icb", "Integrated care board"
    GENERAL_PRACTICE = "general_practice", "General practice"
    SOCIAL_CARE = "social_care", "Social care"


class FrozenVersionError(DomainError):
    """Someone tried to change the content of a published or retired framework version."""


def parse_semver(value: str) -> tuple[int, int, int]:
    match = SEMVER_RE.fullmatch(value or "")
    if not match:
        raise ValueError(f"{value!r} is not a semantic version such as 1.0.0")
    return tuple(int(part) for part in match.groups())  # type: ignore[return-value]


class Framework(models.Model):
    """A framework across its versions. Its name and description follow its newest version;
    what each version says about itself is frozen on the version (`framework_name`, ...)."""

    key = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.pk:
            stored = Framework.objects.filter(pk=self.pk).values_list("key", flat=True).first()
            if (
                stored is not None
                and stored != self.key
                and FrameworkVersion.objects.filter(framework_id=self.pk)
                .exclude(status=FrameworkVersion.Status.DRAFT)
                .exists()
            ):
                raise FrozenVersionError(
                    f"The key of {self} cannot change: published versions are known by it."
                )
        super().save(*args, **kwargs)


class FrameworkVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=FrameworkVersion.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=FrameworkVersion.Status.DRAFT)

    def by_number(self):
        return self.order_by("framework__name", "major", "minor", "patch")

    def visible_to(self, user):
        """Published and retired versions for anyone signed in, drafts too for authors."""
        if not is_active_user(user):
            return self.none()
        return self if is_author(user) else self.exclude(status=FrameworkVersion.Status.DRAFT)

    def changeable_by(self, user):
        """The versions `user` may edit or publish: drafts, for authors."""
        return self.drafts() if is_author(user) else self.none()

    def delete(self):
        if self.exclude(status=FrameworkVersion.Status.DRAFT).exists():
            raise FrozenVersionError("Published and retired framework versions cannot be deleted.")
        return super().delete()

    def update(self, **kwargs):
        # Only the lifecycle may move in bulk; content fields never change after publication.
        if (
            set(kwargs) - FrameworkVersion.LIFECYCLE_FIELDS
            and self.exclude(status=FrameworkVersion.Status.DRAFT).exists()
        ):
            raise FrozenVersionError("A published framework version cannot be changed.")
        return super().update(**kwargs)


class FrameworkVersion(VersionVocabulary):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    # The fields that may change after publication: the lifecycle, never the content.
    LIFECYCLE_FIELDS = frozenset({"status", "retired_at"})
    FROZEN = ("status", "framework_id", "framework_key", "framework_name")
    FROZEN += ("framework_description", "version", "change_notes", "checksum", "based_on_id")
    FROZEN += ("published_at", *WORDS.values())

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    # What the version says about its framework, frozen with it: renaming the framework or
    # importing a newer version never changes what an older version shows or exports.
    framework_key = models.SlugField(max_length=50)
    framework_name = models.CharField(max_length=200)
    framework_description = models.TextField(blank=True)
    version = models.CharField(max_length=20, help_text="Semantic version, e.g. 1.0.0")
    major = models.PositiveIntegerField(editable=False)
    minor = models.PositiveIntegerField(editable=False)
    patch = models.PositiveIntegerField(editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    change_notes = models.TextField(blank=True)
    checksum = models.CharField(
        max_length=64,
        blank=True,
        help_text="SHA-256 of the source file it was imported from, or of its export when "
        "it was made in Waymark; set for good at publication.",
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derived"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        ordering = ["framework__name", "major", "minor", "patch"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "version"], name="unique_version"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="published_version_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework_name} {self.version}"

    def save(self, *args, **kwargs):
        self.major, self.minor, self.patch = parse_semver(self.version)
        if self.pk:
            stored = FrameworkVersion.objects.filter(pk=self.pk).values(*self.FROZEN).first()
            if stored and stored["status"] != self.Status.DRAFT:
                changed = [
                    name
                    for name, old in stored.items()
                    if name not in self.LIFECYCLE_FIELDS and getattr(self, name) != old
                ]
                if changed:
                    raise FrozenVersionError(
                        f"{self} is {stored['status']} and cannot be changed "
                        f"(tried to change {', '.join(changed)}). Create a new draft version instead."
                    )
                if self.status == self.Status.DRAFT:
                    raise FrozenVersionError(
                        f"{self} is {stored['status']}: it cannot become a draft again."
                    )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if (
            self.pk
            and FrameworkVersion.objects.filter(pk=self.pk)
            .exclude(status=self.Status.DRAFT)
            .exists()
        ):
            raise FrozenVersionError(f"{self} is published and cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def label(self) -> str:
        return f"{self.version} ({self.get_status_display().lower()})"


class VersionContentQuerySet(models.QuerySet):
    """Bulk writes to framework content are refused unless every version touched is a draft."""

    def _refuse_unless_drafts(self, version_ids):
        frozen = FrameworkVersion.objects.filter(pk__in=set(version_ids)).exclude(
            status=FrameworkVersion.Status.DRAFT
        )
        if frozen.exists():
            raise FrozenVersionError(
                f"{frozen.first()} is published: its content cannot be changed. "
                "Create a new draft version instead."
            )

    def update(self, **kwargs):
        self._refuse_unless_drafts(self.values_list("version_id", flat=True))
        return super().update(**kwargs)

    def delete(self):
        self._refuse_unless_drafts(self.values_list("version_id", flat=True))
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        self._refuse_unless_drafts(obj.version_id for obj in objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        self._refuse_unless_drafts(obj.version_id for obj in objs)
        return super().bulk_update(objs, *args, **kwargs)


class VersionContent(models.Model):
    """Content that belongs to one framework version and freezes with it.

    Every row carries its version so that the freeze check is one indexed look-up.
    """

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="%(class)ss"
    )

    objects = VersionContentQuerySet.as_manager()

    class Meta:
        abstract = True

    # The rows this one hangs from (field names); each must belong to the same version.
    PARENTS: tuple[str, ...] = ()

    def save(self, *args, **kwargs):
        self._refuse_unless_draft()
        self._refuse_other_versions()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_unless_draft()
        return super().delete(*args, **kwargs)

    def _refuse_other_versions(self):
        for name in self.PARENTS:
            parent = getattr(self, name)
            if parent is not None and parent.version_id != self.version_id:
                raise FrozenVersionError(
                    f"{self._meta.verbose_name.capitalize()} {self} cannot belong to "
                    f"{parent._meta.verbose_name} {parent} of another framework version."
                )

    def _refuse_unless_draft(self):
        versions = {self.version_id}
        if self.pk:
            stored = (
                type(self).objects.filter(pk=self.pk).values_list("version_id", flat=True).first()
            )
            if stored is not None:
                versions.add(stored)
        type(self).objects.all()._refuse_unless_drafts(versions)


weight_field = dict(
    max_digits=7,
    decimal_places=3,
    default=Decimal("1"),
    validators=[MinValueValidator(Decimal("0.001"))],
)


class Measure(VersionContent):
    """A success measure, e.g. "Well led". Its key is stable across versions; its label may not be."""

    key = models.SlugField(max_length=80)
    label = models.CharField(max_length=200)
    order = models.PositiveIntegerField()
    weight = models.DecimalField(**weight_field)
    description = models.TextField(blank=True)
    depends_on = models.JSONField(
        default=list,
        blank=True,
        help_text="The keys of the measures of this version that come before this one "
        "(foundations first); the framework file's `depends_on`.",
    )

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_measure_key"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="measure_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.label


class Theme(VersionContent):
    PARENTS = ("measure",)
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="themes")
    key = models.SlugField(max_length=80)
    label = models.CharField(max_length=200)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["measure", "order"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "key"], name="unique_theme_key"),
        ]

    def __str__(self) -> str:
        return self.label


class QuestionQuerySet(VersionContentQuerySet):
    def for_care_setting(self, care_setting: str) -> list["Question"]:
        """The questions that apply to a care setting, in order.

        Applicability is a short JSON list, filtered here rather than in SQL so that SQLite and
        PostgreSQL behave the same; a version has tens of questions, not thousands.
        """
        return [q for q in self if care_setting in q.applies_to]


class Question(VersionContent):
    PARENTS = ("measure", "theme")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="questions")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(max_length=80)
    order = models.PositiveIntegerField()
    text = models.TextField()
    guidance = models.TextField()
    weight = models.DecimalField(**weight_field)
    applies_to = models.JSONField(
        default=list, help_text="The care settings this question is asked of."
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["measure__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_question_key"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="question_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.key

    def applies_to_labels(self) -> list[str]:
        labels = dict(CareSetting.choices)
        return [labels[s] for s in CareSetting.values if s in self.applies_to]


class Level(VersionContent):
    """One of the five cumulative levels of a question."""

    PARENTS = ("question",)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    descriptor = models.TextField()
    next_steps = models.TextField(blank=True, help_text="How to reach the next level.")

    class Meta:
        ordering = ["question", "level"]
        constraints = [
            models.UniqueConstraint(fields=["question", "level"], name="unique_question_level"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="level_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.question.key} level {self.level}"


class Replacement(VersionContent):
    """One entry of a question's `replaces`: the key of a question of the version this one
    derives from (`based_on`) that it carries on. One old key named by several questions is a
    split; several old keys named by one question, a merge; one for one, a re-keyed question."""

    PARENTS = ("question",)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="replacements")
    old_key = models.SlugField(max_length=80)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "old_key"], name="unique_replaced_key"),
        ]

    def __str__(self) -> str:
        return f"{self.question.key} replaces {self.old_key}"
