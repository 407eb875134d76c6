"""A version's lifecycle: publish (after every rule of the import), retire, throw a draft away."""

from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils import timezone

from config.errors import DomainError

from ..crosswalk import crosswalk_problems
from ..models import FrameworkVersion, FrozenVersionError, Level, Question, Replacement, Theme
from ..schema import Problem, parse_framework
from .common import FrameworkPublishError, checksum
from .exports import version_export


@transaction.atomic
def version_publish(
    *, version: FrameworkVersion, change_notes: str | None = None
) -> FrameworkVersion:
    """Freeze a draft: from now on its content can never change. `change_notes`, when given,
    replace the draft's notes first (what changed since the version it derives from)."""
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise FrozenVersionError(f"{version} is already {version.status}.")
    if change_notes is not None:
        version.change_notes = change_notes.strip()
        version.save(update_fields=["change_notes"])
    if not Question.objects.filter(version=version).exists():
        raise DomainError(f"{version} has no questions: there is nothing to publish.")
    problems = _content_problems(version)
    if problems:
        raise FrameworkPublishError(str(version), problems)
    if not version.checksum:
        version.checksum = checksum(version_export(version=version))
    version.status = FrameworkVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save()
    return version


def _content_problems(version: FrameworkVersion) -> list[Problem]:
    """Every rule of the import, applied to a draft as it stands: its export must be a file the
    importer accepts, and none of its rows may hang from another version's."""
    document, problems = parse_framework(version_export(version=version))
    if document is not None:
        based_on = version.based_on
        keys = (
            set(Question.objects.filter(version=based_on).values_list("key", flat=True))
            if based_on
            else None
        )
        problems += crosswalk_problems(document, keys, based_on.version if based_on else "")
    strays = Question.objects.filter(version=version, theme__isnull=False).exclude(
        theme__measure=F("measure")
    )
    for question in strays:
        problems.append(Problem("", f"question {question} has a theme of another measure"))
    pairs = ((Theme, "measure"), (Question, "measure"), (Level, "question"))
    for model, parent in pairs + ((Replacement, "question"),):
        mixed = model.objects.filter(version=version).exclude(**{f"{parent}__version": version})
        mixed = mixed | model.objects.filter(**{f"{parent}__version": version}).exclude(
            version=version
        )
        for row in mixed:
            problems.append(
                Problem(
                    "",
                    f"{model._meta.verbose_name} {row} and its {parent} belong to different "
                    "versions",
                )
            )
    return problems


@transaction.atomic
def version_retire(*, version: FrameworkVersion) -> FrameworkVersion:
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != FrameworkVersion.Status.PUBLISHED:
        raise DomainError(
            f"Only a published version can be retired; {version} is {version.status}."
        )
    version.status = FrameworkVersion.Status.RETIRED
    version.retired_at = timezone.now()
    version.save()
    return version


@transaction.atomic
def version_draft_delete(*, version: FrameworkVersion) -> None:
    """Throw a draft away, with its content. Published and retired versions stay for good."""
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise FrozenVersionError(f"{version} is {version.status}: it can never be deleted.")
    try:
        with transaction.atomic():
            version.delete()
    except ProtectedError:
        raise DomainError(
            f"{version} is used by a round or a benchmark: it cannot be deleted."
        ) from None
