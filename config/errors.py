"""The one domain error type, and its HTTP meaning.

Services raise `DomainError` (or a subclass) when a rule refuses. Its `status` says what the
refusal means over HTTP, so it is translated once for pages (`config.middleware`) and once for
the API (`config.api.exception_handler`). A view that re-shows a form catches `DomainError` and
shows `message` inline; anything it does not catch becomes an error page.
"""

from dataclasses import dataclass


class DomainError(Exception):
    """A rule of the domain refused an action. `message` is written for the person who asked."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowedError(DomainError):
    """This person may not do this (403)."""

    status = 403


class NotFoundError(DomainError):
    """There is no such thing for this person (404): used where saying "not allowed" would
    reveal that it exists."""

    status = 404


class ConflictError(DomainError):
    """The thing changed, or is in a state that refuses this action (409)."""

    status = 409


@dataclass(frozen=True)
class Problem:
    """One problem found in an uploaded file, where a person can find it: "Row 4, column ICS:
    no system (ICS) is called 'Atlantis'". Importers list every problem, then write nothing."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        where = f"Row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"
