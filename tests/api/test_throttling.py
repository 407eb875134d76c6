"""Rate limits: each token, each signed-in person's session and each anonymous address has its
own allowance in the shared cache; over it, a 429 problem with Retry-After."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

pytestmark = pytest.mark.django_db


def rates(**rates):
    base = {"token": "1000/minute", "user": "1000/minute", "anon": "1000/minute"}
    return override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**base, **rates}}
    )


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_token_over_its_rate_gets_a_429_with_retry_after(world, api, token):
    first, second = token(world.sro), token(world.sro)
    with rates(token="3/minute"):
        api.bearer(first)
        assert [api.get("/api/v1/systems/").status_code for _ in range(3)] == [200] * 3
        refused = api.get("/api/v1/systems/")
        assert refused.status_code == 429
        assert refused["Content-Type"] == "application/problem+json"
        assert 1 <= int(refused["Retry-After"]) <= 60
        assert refused.json()["code"] == "throttled"
        # Each token has its own allowance, even the same person's.
        assert api.bearer(second).get("/api/v1/systems/").status_code == 200


def test_the_browsers_session_is_limited_per_person(world, client):
    client.force_login(world.sro)
    with rates(user="2/minute", token="1/minute"):
        statuses = [client.get("/api/v1/systems/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_anonymous_callers_are_limited_per_address(db, client):
    with rates(anon="2/hour"):
        statuses = [client.get("/api/docs/").status_code for _ in range(3)]
        other = client.get("/api/docs/", REMOTE_ADDR="10.1.2.3").status_code
    assert statuses == [200, 200, 429]
    assert other == 200


def test_the_rates_come_from_the_environment(monkeypatch):
    import importlib

    from config.settings import base

    monkeypatch.setenv("API_RATE_TOKEN", "7/minute")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"] == "7/minute"
    finally:
        monkeypatch.delenv("API_RATE_TOKEN")
        importlib.reload(base)


def test_a_nonsense_rate_stops_the_settings_loudly(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    from config.settings import base

    monkeypatch.setenv("API_RATE_ANON", "lots")
    try:
        with pytest.raises(ImproperlyConfigured, match="API_RATE_ANON='lots'"):
            importlib.reload(base)
    finally:
        monkeypatch.delenv("API_RATE_ANON")
        importlib.reload(base)
