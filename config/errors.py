"""The one domain error type. Services raise it (or a subclass); views and the API translate it."""


class DomainError(Exception):
    """A rule of the domain refused an action. `message` is written for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
