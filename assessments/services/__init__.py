"""Every write to regions, systems, organisations and roles. Keyword-only, atomic, and raising
`config.errors.DomainError` (or a subclass) when a rule refuses."""

from .assessments import (
    AnswerConflict,
    AssessmentError,
    IncompleteAssessment,
    NotAllowed,
    answer_confirm,
    answer_save,
    assessment_approve,
    assessment_reopen,
    assessment_return,
    assessment_submit,
    evidence_add_file,
    evidence_add_link,
    evidence_remove,
    round_launch,
    section_assign,
)
from .demo import DemoResult, demo_load, ensure_national_administrators_group
from .memberships import MembershipError, membership_grant, membership_revoke
from .mergers import MergerError, MergerResult, system_merge
from .organisation_import import (
    ImportResult,
    OrganisationImportError,
    Problem,
    organisations_import,
    validate_organisations_file,
)
from .reference import ReferenceLoadResult, reference_data_load

__all__ = [
    "AnswerConflict",
    "AssessmentError",
    "IncompleteAssessment",
    "NotAllowed",
    "answer_confirm",
    "answer_save",
    "assessment_approve",
    "assessment_reopen",
    "assessment_return",
    "assessment_submit",
    "evidence_add_file",
    "evidence_add_link",
    "evidence_remove",
    "round_launch",
    "section_assign",
    "DemoResult",
    "ImportResult",
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
    "organisations_import",
    "reference_data_load",
    "system_merge",
    "validate_organisations_file",
]
