"""Assessments' data: who is assessed (organisations.py), what they record (assessments.py),
invitations, the administration log (administration.py), the emails sent (emails.py) and
personal API tokens (tokens.py)."""

from .administration import AdminEvent
from .assessments import (
    Answer,
    AppendOnlyError,
    AppendOnlyEvent,
    AppendOnlyQuerySet,
    Assessment,
    Assignment,
    AuditEvent,
    Evidence,
    Round,
    Score,
)
from .emails import EmailKind, Reminder, SentEmail
from .invitations import Invitation, invitation_token, token_hash
from .organisations import (
    ROLE_SCOPES,
    SCOPE_FIELDS,
    Membership,
    Organisation,
    OrganisationCareSetting,
    Region,
    Role,
    System,
    SystemMembership,
    ods_code_validator,
    today,
    valid_on,
)
from .tokens import ApiToken, api_token_hash, new_api_token

__all__ = [
    "AdminEvent",
    "ApiToken",
    "ROLE_SCOPES",
    "SCOPE_FIELDS",
    "Answer",
    "api_token_hash",
    "new_api_token",
    "AppendOnlyError",
    "AppendOnlyEvent",
    "AppendOnlyQuerySet",
    "Assessment",
    "Assignment",
    "AuditEvent",
    "EmailKind",
    "Evidence",
    "Invitation",
    "Membership",
    "Organisation",
    "OrganisationCareSetting",
    "Region",
    "Reminder",
    "Role",
    "Round",
    "Score",
    "SentEmail",
    "System",
    "SystemMembership",
    "ods_code_validator",
    "today",
    "token_hash",
    "invitation_token",
    "valid_on",
]
