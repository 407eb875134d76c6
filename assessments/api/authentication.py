"""Who is calling the API: a personal token (`Authorization: Bearer wmk_...`) or the browser's
session (REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]). A token acts as its person; an
unknown, revoked or deactivated person's token is a 401."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from ..models import ApiToken

REFUSED = "The token is not valid: it is unknown, revoked, or its person can no longer sign in."


class TokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Send the token as `Authorization: Bearer <token>`.")
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(REFUSED) from None
        token = ApiToken.objects.for_secret(secret)
        if token is None:
            raise AuthenticationFailed(REFUSED)
        token.touch()
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="waymark"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, made at /my/api-tokens/.",
        }
