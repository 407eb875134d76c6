"""Every write of the assessments app. Keyword-only, atomic, and raising
`config.errors.DomainError` (or a subclass) when a rule refuses.

- `rounds`: launching a round; `answers`: answers and evidence; `sections`: assignment;
  `signoff`: submit, return, approve, reopen; `scores`: freezing scores (approval, demo data);
- `errors`: the domain errors of rounds and assessments; `common`: the lock, check and audit
  every assessment write shares;
- `tokens`: personal API tokens;
- reference data, memberships, mergers, organisation import and demo data in their own modules.
"""

from .administration import ReferenceDataError, admin_log, reference_save
from .answers import (
    answer_confirm,
    answer_save,
    answers_confirm,
    evidence_add_file,
    evidence_add_link,
    evidence_remove,
)
from .demo import DemoResult, demo_load, ensure_national_administrators_group
from .errors import AnswerConflict, AssessmentError, IncompleteAssessment, NotAllowed
from .invitations import (
    InvitationError,
    NoSuchInvitation,
    invitation_accept,
    invitation_create,
    invitation_for,
)
from .memberships import MembershipError, membership_grant, membership_revoke, role_give
from .mergers import MergerError, MergerResult, system_merge
from .organisation_import import (
    ImportResult,
    OrganisationImportError,
    Problem,
    organisations_import,
    validate_organisations_file,
)
from .people import (
    PeopleError,
    RolesMoved,
    merger_roles_move,
    person_deactivate,
    person_reactivate,
)
from .reference import ReferenceLoadResult, reference_data_load
from .rounds import (
    assessment_extend,
    round_close,
    round_create,
    round_launch,
    submissions_open,
)
from .scores import scores_freeze, scores_withdraw
from .sections import section_assign, sections_assign
from .signoff import assessment_approve, assessment_reopen, assessment_return, assessment_submit
from .tokens import NewToken, TokenError, api_token_create, api_token_revoke

__all__ = [
    "NewToken",
    "TokenError",
    "api_token_create",
    "api_token_revoke",
    "PeopleError",
    "RolesMoved",
    "merger_roles_move",
    "person_deactivate",
    "person_reactivate",
    "ReferenceDataError",
    "admin_log",
    "reference_save",
    "AnswerConflict",
    "AssessmentError",
    "IncompleteAssessment",
    "NotAllowed",
    "answer_confirm",
    "answer_save",
    "answers_confirm",
    "assessment_approve",
    "assessment_reopen",
    "assessment_return",
    "assessment_submit",
    "evidence_add_file",
    "evidence_add_link",
    "evidence_remove",
    "assessment_extend",
    "round_close",
    "round_create",
    "round_launch",
    "submissions_open",
    "scores_freeze",
    "scores_withdraw",
    "section_assign",
    "sections_assign",
    "DemoResult",
    "ImportResult",
    "InvitationError",
    "NoSuchInvitation",
    "invitation_accept",
    "invitation_create",
    "invitation_for",
    "MembershipError",
    "MergerError",
    "MergerResult",
    "OrganisationImportError",
    "Problem",
    "ReferenceLoadResult",
    "demo_load",
    "ensure_national_administrators_group",
    "membership_grant",
    "membership_revoke",
    "role_give",
    "organisations_import",
    "reference_data_load",
    "system_merge",
    "validate_organisations_file",
]
