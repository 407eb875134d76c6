"""Assessments' data: who is assessed (organisations.py), what they record (assessments.py),
invitations and the administration log (administration.py)."""

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
from .invitations import Invitation, token_hash
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

__all__ = [
    "AdminEvent",
    "ROLE_SCOPES",
    "SCOPE_FIELDS",
    "Answer",
    "AppendOnlyError",
    "AppendOnlyEvent",
    "AppendOnlyQuerySet",
    "Assessment",
    "Assignment",
    "AuditEvent",
    "Evidence",
    "Invitation",
    "Membership",
    "Organisation",
    "OrganisationCareSetting",
    "Region",
    "Role",
    "Round",
    "Score",
    "System",
    "SystemMembership",
    "ods_code_validator",
    "today",
    "token_hash",
    "valid_on",
]
