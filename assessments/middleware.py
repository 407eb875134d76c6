"""Request-wide state of the access policy."""

from .access.memo import grants_kept


class GrantsPerRequest:
    """Each request reads a person's roles once, however often the pages ask the access policy
    (`assessments.access.policy.grants_kept`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with grants_kept():
            return self.get_response(request)
