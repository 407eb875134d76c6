"""Assessments' data: who is assessed (organisations.py) and what they record (assessments.py)."""

from .assessments import (
    Answer,
    AppendOnlyError,
    Assessment,
    Assignment,
    AuditEvent,
    Evidence,
    Round,
    Score,
)
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
    "ROLE_SCOPES",
    "SCOPE_FIELDS",
    "Answer",
    "AppendOnlyError",
    "Assessment",
    "Assignment",
    "AuditEvent",
    "Evidence",
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
    "valid_on",
]
