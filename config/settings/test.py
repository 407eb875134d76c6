"""Settings for the test suite: fast hashing, in-memory email, eager tasks, in-memory media."""

import os
import secrets
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403


def worker_redis_url(url: str, worker: str) -> str:
    """`url` with its database number moved on by the pytest-xdist worker's number ("gw1": +1);
    unchanged outside xdist ("")."""
    if not worker:
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{base + int(worker.removeprefix('gw'))}"))


DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploaded files live in memory for the run: nothing left on disk afterwards. The browser tests'
# live server runs in this same process, so it sees them too.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# With REDIS_URL set (as in CI) the tests use the real Redis, under keys of this run's own.
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"waymark-test-{secrets.token_hex(4)}"  # noqa: F405
    # Under pytest-xdist (`make test` runs two workers) each worker has a Redis database of its
    # own, REDIS_URL's number plus the worker's (gw0 +0, gw1 +1): a test that empties the cache
    # (cache.clear() is FLUSHDB, whatever the key prefix) must not empty another worker's.
    CACHES["default"]["LOCATION"] = worker_redis_url(  # noqa: F405
        REDIS_URL,  # noqa: F405
        os.environ.get("PYTEST_XDIST_WORKER", ""),
    )
WAYMARK_VALIDATE_CHARTS = (
    True  # Plotly checks every chart property in the tests (reports.charts.base)
)
# The whole suite signs in and fails from the test client's one address: the address-level
# pause is tested with its own limit (tests/security/test_sign_in_throttling.py).
WAYMARK_SIGN_IN_FAILURES_PER_ADDRESS = 10_000
# The API's rate limits are tested on their own (tests/api/test_throttling.py); elsewhere they
# would only make the suite depend on how fast it runs.
REST_FRAMEWORK = {  # noqa: F405
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        "token": "100000/minute",
        "user": "100000/minute",
        "anon": "100000/minute",
    },
}
