"""Reads of frameworks that pages share."""

from django.db.models import Count, Q, QuerySet

from .models import Framework, FrameworkVersion


def versions_visible_to(user) -> QuerySet[FrameworkVersion]:
    """Published versions for anyone signed in, drafts for framework authors (`.access`)."""
    return FrameworkVersion.objects.visible_to(user).select_related("framework")


def frameworks_with_versions(user) -> list[tuple[Framework, list[FrameworkVersion]]]:
    versions = (
        versions_visible_to(user)
        .annotate(
            question_count=Count("questions", distinct=True),
            measure_count=Count("measures", distinct=True),
        )
        .order_by("framework__name", "-major", "-minor", "-patch")
    )
    grouped: dict[int, tuple[Framework, list[FrameworkVersion]]] = {}
    for version in versions:
        grouped.setdefault(version.framework_id, (version.framework, []))[1].append(version)
    return list(grouped.values())


def version_for_user(user, framework_key: str, version: str) -> FrameworkVersion | None:
    return (
        versions_visible_to(user)
        .filter(Q(framework__key=framework_key) & Q(version=version))
        .first()
    )
