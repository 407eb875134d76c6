"""Slowing password spraying: failed sign-ins counted per network address.

django-axes locks one username at one address after a few failures (so nobody can lock a
person out from elsewhere, and colleagues behind the same trust network are not shut out).
Spraying one password at many accounts from one address never trips that lock, so every failed
sign-in from an address is also counted here, in the shared cache (Redis in production, so every
web process counts together), in fixed windows of `WAYMARK_SIGN_IN_ADDRESS_WINDOW_MINUTES`.
Past `WAYMARK_SIGN_IN_FAILURES_PER_ADDRESS` failures in a window, sign-in from that address is
paused until the window ends. The address is `config.client_address`'s, as axes uses.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache

from .client_address import client_address

PREFIX = "sign-in-failures"


def _window() -> int:
    return settings.WAYMARK_SIGN_IN_ADDRESS_WINDOW_MINUTES * 60


def _key(address: str | None, now: float) -> str:
    return f"{PREFIX}:{address or 'unknown'}:{int(now // _window())}"


def record_failure(request, *, now: float | None = None) -> int:
    """Count one failed sign-in from the request's address; the count in this window."""
    key = _key(client_address(request), time.time() if now is None else now)
    cache.add(key, 0, timeout=_window() + 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_window() + 60)
        return 1


def paused_for_minutes(request, *, now: float | None = None) -> int:
    """0 if the address may try to sign in; otherwise the minutes until its window ends."""
    now = time.time() if now is None else now
    failures = cache.get(_key(client_address(request), now), 0)
    if failures < settings.WAYMARK_SIGN_IN_FAILURES_PER_ADDRESS:
        return 0
    left = _window() - (now % _window())
    return max(1, math.ceil(left / 60))
