"""What the API shares: the one translation of a `DomainError` into a response
(REST_FRAMEWORK["EXCEPTION_HANDLER"])."""

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError


def exception_handler(exc, context):
    """A DomainError answers its `status` with {"detail": message}; anything else as DRF does.
    A 404 says only "Not found.", so that it reveals nothing of what exists."""
    if isinstance(exc, DomainError):
        detail = "Not found." if exc.status == 404 else exc.message
        return Response({"detail": detail}, status=exc.status)
    return drf_exception_handler(exc, context)
