"""The administration log: every grant and removal of a role, every deactivation and reactivation, and every
addition, change and import of organisations, systems and regions, whichever door it came
through (the pages, the Django admin, the command line). Append-only like the assessments'
audit log: never changed or deleted, in the ORM and by database triggers."""

from django.conf import settings
from django.db import models

from .assessments import AppendOnlyEvent, AppendOnlyQuerySet


class AdminEvent(AppendOnlyEvent):
    """One administrative change: who did it (`actor`, empty for the command line), to whom
    (`person`, for roles and accounts), what (`subject`, in words), before and after."""

    CHANGE_REFUSED = "The administration log cannot be changed."
    DELETE_REFUSED = "The administration log cannot be deleted."

    class Action(models.TextChoices):
        ROLE_GRANTED = "role_granted", "Role given"
        ROLE_REMOVED = "role_removed", "Role taken away"
        ROLE_MOVED = "role_moved", "Role moved to a successor system"
        DEACTIVATED = "deactivated", "Person deactivated"
        REACTIVATED = "reactivated", "Person reactivated"
        ORGANISATION_ADDED = "organisation_added", "Organisation added"
        ORGANISATION_CHANGED = "organisation_changed", "Organisation changed"
        ORGANISATIONS_IMPORTED = "organisations_imported", "Organisations imported"
        SYSTEM_ADDED = "system_added", "System added"
        SYSTEM_CHANGED = "system_changed", "System changed"
        SYSTEMS_MERGED = "systems_merged", "Systems merged"
        REGION_ADDED = "region_added", "Region added"
        REGION_CHANGED = "region_changed", "Region changed"

    action = models.CharField(max_length=30, choices=Action.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(max_length=300)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta(AppendOnlyEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.subject}"
