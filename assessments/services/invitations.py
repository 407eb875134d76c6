"""Inviting someone to a role: the inviter gets a single-use link that expires; the invited
person opens it, chooses a username and password, and holds the role. Who may invite whom to
which role is the access policy's (`access.may_invite`), whichever door the invitation comes
through. The link is emailed to the invited address after the invitation commits
(`notifications`), and shown once to the inviter too."""

import datetime as dt
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from config.errors import NotFoundError

from .. import access
from ..models import Invitation, Organisation, Region, System, invitation_token, token_hash
from ..notifications import schedule
from .errors import AssessmentError, NotAllowed
from .memberships import membership_grant

VALID_FOR = dt.timedelta(days=7)


class InvitationError(AssessmentError):
    """An invitation could not be made or accepted as asked."""


class NoSuchInvitation(InvitationError, NotFoundError):
    """No invitation has this link (or it was altered)."""


def _names(first_name: str, last_name: str) -> tuple[str, str]:
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if not first or not last:
        raise InvitationError("Give the person's first name and last name.")
    if len(first) > 150 or len(last) > 150:
        raise InvitationError("Names must be 150 characters or fewer.")
    return first, last


@transaction.atomic
def invitation_create(
    *, by, email: str, first_name: str, last_name: str, role: str, scope, now=None
) -> tuple[Invitation, str]:
    """An invitation to `role` at `scope` (an Organisation, System, Region, or None for a
    national role), and its token: the link's secret, shown once to the inviter."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationError("Enter an email address, like name@nhs.net.") from None
    first, last = _names(first_name, last_name)
    invitation = Invitation(email=email, first_name=first, last_name=last, role=role)
    for field, kind in (("organisation", Organisation), ("system", System), ("region", Region)):
        if isinstance(scope, kind):
            setattr(invitation, field, scope)
    try:
        invitation.membership().clean()
    except ValidationError as exc:
        raise InvitationError(" ".join(exc.messages)) from None
    if not access.may_invite(by, role, scope):
        raise NotAllowed(f"You cannot invite someone to be {invitation.describe()}.")
    if get_user_model().objects.filter(email__iexact=email).exists():
        raise InvitationError(
            f"{email} already has a Waymark account: give them the role from the people page "
            "instead."
        )
    invitation.token_salt = secrets.token_urlsafe(32)
    token = invitation_token(invitation.token_salt)
    invitation.token_hash = token_hash(token)
    invitation.invited_by = by
    invitation.expires_at = (now or timezone.now()) + VALID_FOR
    invitation.save()
    schedule.invitation_created(invitation)  # the link, emailed after commit
    return invitation, token


def invitation_for(token: str, *, now=None, lock=False) -> Invitation:
    """The invitation a link names, if it can still be accepted."""
    invitations = Invitation.objects.select_related("organisation", "system", "region")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=token_hash(token or "")).first()
    if invitation is None:
        raise NoSuchInvitation("This invitation link is not valid: check it was copied whole.")
    if invitation.accepted_at is not None:
        raise InvitationError(
            "This invitation has already been used. Sign in with the username chosen then."
        )
    if invitation.expires_at <= (now or timezone.now()):
        raise InvitationError(
            "This invitation has expired. Ask the person who invited you for a new one."
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str, password_again: str, now=None):
    """Create the invited person's account with the role they were invited to, once."""
    invitation = invitation_for(token, now=now, lock=True)
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        raise InvitationError("Choose a username.")
    if len(username) > 150 or not all(c.isalnum() or c in "@.+-_" for c in username):
        raise InvitationError(
            "A username has 150 characters or fewer: letters, digits and @ . + - _ only."
        )
    if User.objects.filter(username__iexact=username).exists():
        raise InvitationError(f"The username {username} is taken: choose another.")
    if password != password_again:
        raise InvitationError("The two passwords are not the same.")
    user = User(
        username=username,
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvitationError(" ".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    held = invitation.membership()
    # Given in the inviter's name, so the rule is asked again: an inviter who has since lost the
    # right to give this role cannot have it given through an older link.
    try:
        membership_grant(
            by=invitation.invited_by,
            user=user,
            role=held.role,
            organisation=held.organisation,
            system=held.system,
            region=held.region,
        )
    except NotAllowed:
        raise InvitationError(
            "This invitation can no longer be accepted: the person who invited you can no "
            "longer give this role. Ask them, or someone who can, for a new one."
        ) from None
    invitation.accepted_at = now or timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user
