"""What Waymark has emailed, and the reminders it has sent.

`SentEmail` is the record of every email sent (append-only: never changed or deleted, in the ORM
and by database triggers): to whom, what it said and where its link led. Its `key` names the
event and the recipient, so one person never gets the same email twice for one event: the
sending task writes the row and sends in one transaction, and the unique key stops a second.
An invitation's record keeps its text without the single-use link (only the link's hash is
stored anywhere).

`Reminder` is one organisation reminded of one round's closing date on one day: a unique row,
so two runs of the daily reminder (the command and Celery beat, or two at once) never both
remind the same organisation on the same day."""

from django.conf import settings
from django.db import models

from .assessments import AppendOnly, AppendOnlyQuerySet, Round
from .organisations import Organisation


class EmailKind(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    SECTION_ASSIGNED = "section_assigned", "Section assigned to you"
    SUBMITTED = "submitted", "Assessment submitted for approval"
    RETURNED = "returned", "Assessment returned"
    APPROVED = "approved", "Assessment approved"
    ROUND_OPENED = "round_opened", "Round opened"
    REMINDER = "reminder", "Closing date reminder"


class SentEmailQuerySet(AppendOnlyQuerySet):
    def to_user(self, user):
        return self.filter(user=user)

    def since(self, moment):
        return self.filter(sent_at__gte=moment)


class SentEmail(AppendOnly):
    CHANGE_REFUSED = "The record of sent emails cannot be changed."
    DELETE_REFUSED = "The record of sent emails cannot be deleted."

    key = models.CharField(max_length=200, unique=True, help_text="The event and the recipient.")
    kind = models.CharField(max_length=20, choices=EmailKind.choices)
    # Empty for an invitation: the person has no account yet.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="emails_received",
    )
    address = models.EmailField()
    subject = models.CharField(max_length=300)
    text = models.TextField(help_text="The plain-text body as sent.")
    url = models.URLField(max_length=500, blank=True, help_text="Where the email's link leads.")
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = SentEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["user", "-sent_at"], name="sentemail_user_recent")]

    def __str__(self) -> str:
        return f"{self.subject} to {self.address}"


class Reminder(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="reminders")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    # The run that created the row: a run sends only the reminders it created itself.
    run = models.CharField(max_length=32, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "round", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation", "day"], name="one_reminder_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} reminder to {self.organisation} on {self.day}"
