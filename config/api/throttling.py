"""Rate limiting: each API token, each signed-in person (the browser's session) and each
anonymous address has its own allowance, counted in Django's cache (Redis when REDIS_URL is
set, so every process counts together). Over it, a 429 problem with `Retry-After`.

The rates are REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] "token", "user" and "anon", from the
environment (API_RATE_TOKEN, API_RATE_USER, API_RATE_ANON; e.g. "600/hour"). An
authentication that identifies a token sets `request.auth` to an object with a `throttle_key`
(config knows nothing of the token model itself)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class ApiRateThrottle(SimpleRateThrottle):
    def _kind_and_ident(self, request) -> tuple[str, str]:
        key = getattr(request.auth, "throttle_key", None)
        if key:
            return "token", str(key)
        if request.user and request.user.is_authenticated:
            return "user", str(request.user.pk)
        return "anon", self.get_ident(request)

    def allow_request(self, request, view):
        self.scope, ident = self._kind_and_ident(request)
        # Read each time, so that a change of settings (and the tests') applies at once.
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.cache_format % {"scope": self.scope, "ident": ident}
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):  # allow_request sets self.key itself
        return self.key

    def __init__(self):  # the rate depends on the request: see allow_request
        pass
