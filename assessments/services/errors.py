"""The errors of rounds and assessments. Each is a `config.errors.DomainError` whose HTTP
meaning is its base class: a refusal (400), not allowed (403), a conflict (409)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from config.errors import ConflictError, DomainError, NotAllowedError
from config.formatting import person_name

if TYPE_CHECKING:
    from ..models import Answer
    from ..selectors.signoff import Missing


class AssessmentError(DomainError):
    """A rule about rounds or assessments refused an action."""


class NotAllowed(AssessmentError, NotAllowedError):
    """The person may not do this to this assessment."""


class AnswerConflict(AssessmentError, ConflictError):
    """Someone else saved this question since the page was loaded. `current` is their answer."""

    def __init__(self, current: Answer):
        self.current = current
        super().__init__(
            f"{person_name(current.updated_by)} changed this answer while you were working on "
            "it. Check their answer, then keep theirs or save yours again."
        )


class IncompleteAssessment(AssessmentError):
    """Submission refused: `missing` says which questions still need an answer."""

    def __init__(self, missing: list[Missing]):
        self.missing = missing
        count = len(missing)
        super().__init__(
            f"The assessment cannot be submitted yet: {count} question{'s' if count != 1 else ''} "
            "still need an answer, or need confirming."
        )
