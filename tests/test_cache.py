"""The shared cache while Redis is away (config/cache.py): an empty cache that keeps nothing,
one warning, no wait on each call; the same cache uses Redis again once it is back; a wrong
password is not taken for an outage. Against a real Redis server started by the test
(tests/services.py) and a port nothing listens on."""

import logging
import time

import pytest
from redis.exceptions import AuthenticationError

from config import cache as shared
from config.cache import ForgivingRedisCache
from tests.services import Redis, free_port, services_missing

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _fresh():
    shared._away_until.clear()
    yield
    shared._away_until.clear()


def _cache(location: str, pause: float = 60) -> ForgivingRedisCache:
    return ForgivingRedisCache(
        location,
        {
            "KEY_PREFIX": "cache-test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2, "PAUSE_SECONDS": pause},
        },
    )


@pytest.fixture
def redis_server():
    if services_missing():
        pytest.fail(f"install {services_missing()} (make services)")
    server = Redis()
    yield server
    server.close()


def test_without_redis_the_cache_keeps_nothing_and_warns_once(caplog, monkeypatch):
    from redis.connection import Connection

    attempts = []
    connect = Connection._connect

    def counted(self):
        attempts.append(1)
        return connect(self)

    monkeypatch.setattr(Connection, "_connect", counted)
    cache = _cache(f"redis://127.0.0.1:{free_port()}/0")
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert cache.get("figures", "computed") == "computed"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("figures") is False
        assert cache.add("counter", 0) is False
        assert cache.set("figures", [1, 2]) is None
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.get_or_set("figures", lambda: "made") == "made"
        assert cache.touch("figures") is False
        assert cache.delete("figures") is False
        assert cache.delete_many(["a"]) is None
        with pytest.raises(ValueError, match="not found"):
            cache.incr("counter")
    # No wait on each call: the first tries to connect twice (one immediate retry), the others
    # do not try while the pause lasts.
    assert len(attempts) == 2
    warnings = [r for r in caplog.records if r.name == "config.cache"]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    message = warnings[0].getMessage()
    assert "cannot be reached, so Waymark works without it for 60 s" in message
    assert "ConnectionError" in message


def test_the_same_cache_uses_redis_again_once_it_is_back(redis_server, caplog):
    cache = _cache(redis_server.url(3), pause=0.5)
    cache.set("kept", "before")
    assert cache.get("kept") == "before"

    redis_server.stop()
    assert cache.get("kept", "missing") == "missing"
    with pytest.raises(ValueError):
        cache.incr("kept")

    redis_server.start()  # a new, empty server on the same port
    time.sleep(0.6)  # the pause has passed: the next call tries Redis again
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert cache.add("counter", 0) is True
    assert cache.incr("counter") == 1
    assert cache.get("kept", "missing") == "missing"  # nothing of before the outage
    cache.set("kept", "after")
    assert cache.get("kept") == "after"
    assert [r.getMessage() for r in caplog.records if r.name == "config.cache"] == [
        "The cache (Redis) answers again."
    ]


def test_a_wrong_password_is_an_error_not_an_outage():
    server = Redis(password="the-right-password")
    try:
        cache = _cache(f"redis://:not-the-password@127.0.0.1:{server.port}/0")
        with pytest.raises(AuthenticationError):
            cache.get("figures")
        assert not shared._away_until
        cache = _cache(f"redis://:the-right-password@127.0.0.1:{server.port}/0")
        cache.set("figures", [3.4])
        assert cache.get("figures") == [3.4]
    finally:
        server.close()
