import pytest
from rest_framework.test import APIClient

from assessments.services.tokens import api_token_create


@pytest.fixture
def api():
    """An API client with no credentials; `api.bearer(secret)` sends a token."""

    class Client(APIClient):
        def bearer(self, secret):
            self.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
            return self

    return Client()


@pytest.fixture
def token(db):
    """`token(user, scope="read", organisation=None, system=None)`: a new token's secret."""

    def make(user, scope="read", **limit):
        return api_token_create(by=user, name=f"{scope} token", scope=scope, **limit).secret

    return make


@pytest.fixture
def as_user(api, token):
    """`as_user(user, scope="write")`: the API client with a token of that person."""

    def sign_in(user, scope="write", **limit):
        return api.bearer(token(user, scope, **limit))

    return sign_in
