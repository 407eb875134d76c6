"""An invitation to take a role in Waymark: a single-use link that expires, where the invited
person chooses a username and password.

The link's token is never stored, nor sent through the task queue: it is derived from a random
salt kept on the invitation and the SECRET_KEY (`invitation_token`), so that the email task,
given only the invitation's id, makes the same link the inviter was shown, while neither the
database (the salt and the token's hash) nor Redis (the id) holds it."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.crypto import salted_hmac

from .organisations import Membership, Organisation, Region, Role, System


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_token(salt: str) -> str:
    """The link's secret for an invitation of this salt (an HMAC under the SECRET_KEY)."""
    return salted_hmac("waymark.invitation-link", salt, algorithm="sha256").hexdigest()


class Invitation(models.Model):
    email = models.EmailField()
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    system = models.ForeignKey(
        System, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # The token's salt (`invitation_token`); "" for invitations made before it existed.
    token_salt = models.CharField(max_length=64, blank=True, default="", editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email}: {self.describe()}"

    def membership(self, user=None) -> Membership:
        """The role this invitation gives, as a (not saved) Membership."""
        return Membership(
            user=user,
            role=self.role,
            organisation=self.organisation,
            system=self.system,
            region=self.region,
        )

    def describe(self) -> str:
        return self.membership().describe()
