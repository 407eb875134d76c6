"""Who may author frameworks, and finding a version by its framework's key and number."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from config.errors import DomainError

from ..models import FrameworkVersion

FRAMEWORK_AUTHORS = "Framework authors"


@transaction.atomic
def framework_authors_group_ensure() -> Group:
    """The "Framework authors" group, with every permission on framework data (idempotent)."""
    group, _ = Group.objects.get_or_create(name=FRAMEWORK_AUTHORS)
    group.permissions.set(Permission.objects.filter(content_type__app_label="frameworks"))
    return group


# --- look-ups for commands and pages --------------------------------------------------------


def find_version(framework_key: str, version: str) -> FrameworkVersion:
    found = (
        FrameworkVersion.objects.select_related("framework")
        .filter(framework__key=framework_key, version=version)
        .first()
    )
    if found is None:
        raise DomainError(f"There is no version {version} of the framework {framework_key!r}.")
    return found
