"""The administration log, and changes to reference data made one record at a time (the
Django admin's change pages): the access policy's `may_change_reference` first, then the save
and its entry in the log, in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from config.errors import DomainError

from .. import access
from ..models import AdminEvent, Organisation, Region, System
from .errors import NotAllowed

Action = AdminEvent.Action

_ACTIONS = {
    Organisation: (Action.ORGANISATION_ADDED, Action.ORGANISATION_CHANGED),
    System: (Action.SYSTEM_ADDED, Action.SYSTEM_CHANGED),
    Region: (Action.REGION_ADDED, Action.REGION_CHANGED),
}


class ReferenceDataError(DomainError):
    """A region, system or organisation could not be saved as asked."""


def admin_log(
    *, by, action: str, subject: str, person=None, before=None, after=None, comment=""
) -> AdminEvent:
    """Append one entry to the administration log (`by` is None for the command line)."""
    return AdminEvent.objects.create(
        actor=by,
        action=action,
        subject=subject[:300],
        person=person,
        before=before,
        after=after,
        comment=comment,
    )


def _described(obj) -> str:
    return f"{obj.name} ({obj.ods_code})"


def _plain(obj, fields) -> dict:
    values = model_to_dict(obj, fields=fields)
    return {name: str(value) if value is not None else None for name, value in values.items()}


@transaction.atomic
def reference_save(*, by, obj: Organisation | System | Region, changed: list[str]) -> None:
    """Save a region, system or organisation edited one at a time, for a national
    administrator only, logging the fields `changed` before and after."""
    if type(obj) not in _ACTIONS:
        raise TypeError(f"Not reference data: {type(obj).__name__}.")
    if not access.may_change_reference(by):
        raise NotAllowed("Only a national administrator can change organisations and systems.")
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ReferenceDataError(" ".join(exc.messages)) from None
    added, changed_action = _ACTIONS[type(obj)]
    fields = [f for f in changed if f in {field.name for field in obj._meta.concrete_fields}]
    before = None
    if obj.pk is not None:
        stored = type(obj).objects.select_for_update().get(pk=obj.pk)
        before = _plain(stored, fields)
    obj.save()
    admin_log(
        by=by,
        action=changed_action if before is not None else added,
        subject=_described(obj),
        before=before,
        after=_plain(obj, fields),
    )
