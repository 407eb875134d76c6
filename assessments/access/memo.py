"""A person's roles, read once per request (`GrantsPerRequest` in `assessments.middleware`)."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# A page asks the policy several times (the guard, then each link it may show): within one
# request, a person's roles are read once. `grants_kept` (assessments.middleware.GrantsPerRequest)
# opens the memo for a request; any change to a role or a person empties it (`forget_grants`, connected in apps.py), so
# a request that changes roles and then asks again reads them afresh. Outside a request (tasks,
# commands, tests calling services) there is no memo: every question reads the roles.
_kept_grants: ContextVar[dict | None] = ContextVar("waymark_kept_grants", default=None)


@contextmanager
def grants_kept() -> Iterator[None]:
    token = _kept_grants.set({})
    try:
        yield
    finally:
        _kept_grants.reset(token)


def forget_grants(**_signal) -> None:
    kept = _kept_grants.get()
    if kept is not None:
        kept.clear()


def kept_or_read(user, read):
    """`read(user)`, or what it gave earlier in this request."""
    kept = _kept_grants.get()
    if kept is None:
        return read(user)
    key = (user.pk, user.is_superuser)
    if key not in kept:
        kept[key] = read(user)
    return kept[key]
