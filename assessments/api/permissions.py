"""The API's first check, before the access policy: signed in, and a read-only token only reads.
What a person may see or change is then the access policy's (`assessments.access`), asked by
each view through `common.py`, exactly as the pages ask it."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..models import ApiToken


def token_of(request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


class TokenScope(BasePermission):
    message = "This token is read-only: make a read-and-write token to change anything."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated and request.user.is_active):
            return False
        token = token_of(request)
        return token is None or token.writes or request.method in SAFE_METHODS
