"""What the services call, once per change: the email's task, handed the change's ids after
the transaction commits (nothing is sent for a change that rolled back).

With a broker, a failure to hand over (the broker down) is logged rather than raised: the
change has been made and the person who made it should not see an error for it. Without one
(tasks run in-process: `make run`, the tests) errors are raised as any other would be."""

from functools import partial

from django.conf import settings
from django.db import transaction

from .. import tasks


def _after_commit(task, *args) -> None:
    transaction.on_commit(partial(task.delay, *args), robust=not settings.CELERY_TASK_ALWAYS_EAGER)


def invitation_created(invitation) -> None:
    # Only the id travels: the task derives the link's token (models/invitations.py).
    _after_commit(tasks.send_invitation, invitation.pk)


def section_assigned(event, assignee) -> None:
    _after_commit(tasks.send_section_assigned, event.pk, assignee.pk)


def status_changed(event) -> None:
    _after_commit(tasks.send_status_changed, event.pk)


def round_launched(round_) -> None:
    _after_commit(tasks.send_round_opened, round_.pk)
