"""Personal API tokens: a person's key to the API (`Authorization: Bearer <token>`).

The token itself is shown once, when it is made; only the SHA-256 of it is stored, with its
first characters (`prefix`) so that a person can tell their tokens apart. A token reads only
(`read`) or reads and writes (`write`), and may be limited to one organisation or one system the
person may see: it then sees nothing else. It acts as its person, under the same access policy
as their pages: a deactivated person's tokens stop working, and a revoked token never works
again. `last_used_at` is updated at most once a minute (settings.API_TOKEN_LAST_USED_EVERY).
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .organisations import Organisation, System

TOKEN_START = "wmk_"
PREFIX_LENGTH = 12  # "wmk_" and 8 characters: shown, not secret enough to matter alone


def api_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_api_token() -> str:
    """A new token: "wmk_", 8 characters to recognise it by, then 256 bits of secret."""
    return f"{TOKEN_START}{secrets.token_hex(4)}_{secrets.token_urlsafe(32)}"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def for_secret(self, token: str):
        """The live token with this secret and its active person, or None."""
        if not token.startswith(TOKEN_START) or len(token) > 200:
            return None
        return (
            self.active()
            .filter(secret_hash=api_token_hash(token), user__is_active=True)
            .select_related("user")
            .first()
        )


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=PREFIX_LENGTH)
    secret_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    system = models.ForeignKey(
        System, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["revoked_at", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(system__isnull=True),
                name="api_token_limited_to_one_place",
            ),
            models.CheckConstraint(
                condition=Q(scope__in=["read", "write"]), name="api_token_scope_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def throttle_key(self) -> str:
        """What rate limiting counts this token's requests by (config.api.throttling)."""
        return f"token-{self.pk}"

    @property
    def writes(self) -> bool:
        return self.scope == self.Scope.WRITE

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def limit(self):
        """The organisation or system this token is limited to, or None."""
        return self.organisation or self.system

    def touch(self) -> None:
        """Record a use, at most once per API_TOKEN_LAST_USED_EVERY seconds (one UPDATE)."""
        now = timezone.now()
        every = dt.timedelta(seconds=settings.API_TOKEN_LAST_USED_EVERY)
        if self.last_used_at is not None and now - self.last_used_at < every:
            return
        ApiToken.objects.filter(pk=self.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - every)
        ).update(last_used_at=now)
        self.last_used_at = now
