"""The shared cache: Django's own Redis backend, which carries on without Redis while it is away.

Everything Waymark keeps in the cache can be done without it: published benchmark figures are
computed again from the database (reports/benchmarks/figures.py), and the counters of failed
sign-ins per address (config/throttling.py) and of API requests (config/api/throttling.py) start
again from nothing. So a Redis that cannot be reached must not turn reading pages into errors:
while it is away, this backend behaves as an empty cache that keeps nothing (as Django's
DummyCache does: reads miss, writes are dropped, `incr` finds no key), logs a warning, and
tries Redis again only after `PAUSE_SECONDS` (2 unless OPTIONS says otherwise), so that a page
does not wait on a dead server for each of its cache calls, and the log gets one line per
process every few seconds, not one per call. Once Redis answers again, the same
processes use it again, without a restart.

Only a Redis out of reach (connection refused or lost, a timeout, Redis still loading) is
forgiven: any other error (a wrong password, a command refused) is a misconfiguration and raises
as before. The connection and read timeouts are the settings' OPTIONS (base.py); redis-py's
default of 10 retries with back-off, seconds per call against a stopped server, is cut to one
immediate retry (enough to reconnect after Redis has restarted).
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import AuthenticationError, AuthorizationError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

OUT_OF_REACH = (RedisConnectionError, RedisTimeoutError)  # BusyLoadingError is a ConnectionError
# ConnectionErrors too in redis-py, but a wrong setting, not an outage: they raise.
MISCONFIGURED = (AuthenticationError, AuthorizationError)

# Until when (time.monotonic()) each Redis location is left alone, for every thread of the
# process (Django makes a cache backend per thread).
_away_until: dict[str, float] = {}


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.pause = float(options.pop("PAUSE_SECONDS", 2))
        options.setdefault("retry", Retry(NoBackoff(), 1))
        super().__init__(server, {**params, "OPTIONS": options})
        self._where = ",".join(self._servers)

    def _forgiving(self, call, fallback, *args, **kwargs):
        """`call(*args, **kwargs)`, or `fallback()` while Redis is out of reach."""
        away = _away_until.get(self._where)
        if away is not None and time.monotonic() < away:
            return fallback()
        try:
            result = call(*args, **kwargs)
        except OUT_OF_REACH as error:
            if isinstance(error, MISCONFIGURED):
                raise
            _away_until[self._where] = time.monotonic() + self.pause
            logger.warning(
                "The cache (Redis) cannot be reached, so Waymark works without it for %g s: "
                "figures are computed again, sign-in and API counters start afresh (%s: %s)",
                self.pause,
                type(error).__name__,
                error,
            )
            return fallback()
        if _away_until.pop(self._where, None) is not None:
            logger.warning("The cache (Redis) answers again.")
        return result

    def get(self, key, default=None, version=None):
        return self._forgiving(super().get, lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._forgiving(super().get_many, dict, keys, version)

    def has_key(self, key, version=None):
        return self._forgiving(super().has_key, lambda: False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgiving(super().add, lambda: False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgiving(super().set, lambda: None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # The keys that were not stored: all of them.
        return self._forgiving(super().set_many, lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgiving(super().touch, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._forgiving(super().delete, lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._forgiving(super().delete_many, lambda: None, keys, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache cannot be reached).")

        return self._forgiving(super().incr, missing, key, delta, version)
