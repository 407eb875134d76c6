"""Personal API tokens: making one (its secret returned once, never stored) and revoking it.
A person manages only their own tokens; a token may be limited only to an organisation or a
system the person may see today."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from config.errors import DomainError, NotFoundError

from .. import access
from ..models import ApiToken, Organisation, System, api_token_hash, new_api_token
from ..models.tokens import PREFIX_LENGTH

MAX_ACTIVE_TOKENS = 20


class TokenError(DomainError):
    """A token could not be made or revoked as asked; `field` names the input at fault."""

    def __init__(self, message: str, field: str = "name"):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown to its person once, then forgotten


@transaction.atomic
def api_token_create(
    *,
    by,
    name: str,
    scope: str,
    organisation: Organisation | None = None,
    system: System | None = None,
) -> NewToken:
    if not (by and by.is_authenticated and by.is_active):
        raise TokenError("Sign in to make an API token.")
    name = (name or "").strip()
    if not name:
        raise TokenError("Give the token a name, so you can tell it apart later.")
    if len(name) > 100:
        raise TokenError("The name must be 100 characters or fewer.")
    if scope not in ApiToken.Scope.values:
        raise TokenError("Choose whether the token only reads, or reads and writes.", "scope")
    if organisation is not None and system is not None:
        raise TokenError("Limit a token to one organisation or one system, not both.", "limit")
    for place in (organisation, system):
        if place is not None and not access.may(by, "view", place):
            raise TokenError("You can limit a token only to a place you may see.", "limit")
    if ApiToken.objects.active().filter(user=by).count() >= MAX_ACTIVE_TOKENS:
        raise TokenError(
            f"You have {MAX_ACTIVE_TOKENS} tokens in use: revoke one you no longer need first."
        )
    secret = new_api_token()
    token = ApiToken.objects.create(
        user=by,
        name=name,
        scope=scope,
        organisation=organisation,
        system=system,
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=api_token_hash(secret),
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token.pk, user=by).first()
    if token is None:
        raise NotFoundError("No such token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
