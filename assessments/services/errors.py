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


def megabytes(size: int) -> str:
    """A size as people read it: "200 MB", "195.3 MB", "0.1 MB" (1 MB = 1,048,576 bytes)."""
    value = size / (1024 * 1024)
    if value and value < 0.1:
        value = 0.1
    text = f"{value:,.1f}"
    return f"{text.removesuffix('.0')} MB"


class EvidenceLimitReached(AssessmentError):
    """A file would take an assessment's or an organisation's evidence over its total."""

    def __init__(self, *, whose: str, used: int, cap: int, size: int):
        self.used, self.cap, self.size = used, cap, size
        super().__init__(
            f"{whose} already take {megabytes(used)} of the {megabytes(cap)} allowed, and the "
            f"selected file ({megabytes(size)}) would go over it: remove evidence files that are "
            "no longer needed, or add a link to where the evidence is kept instead."
        )


class EvidenceNotStored(AssessmentError):
    """The storage refused the file (full, or not writable): nothing was saved (503)."""

    status = 503

    def __init__(self):
        super().__init__(
            "The file could not be stored just now, so nothing was saved: try again later, or "
            "add a link to where the evidence is kept instead. If it keeps happening, tell the "
            "Waymark service desk."
        )
