"""Pages translate an uncaught `DomainError` here, in one place."""

from django.shortcuts import render

from .errors import DomainError

ERROR_PAGES = {403: "errors/403.jinja", 404: "errors/404.jinja"}


def domain_error_response(request, error: DomainError):
    """403 and 404 show the NHS-styled error pages (a 404 says nothing of what exists); any
    other refusal shows its message with its status."""
    template = ERROR_PAGES.get(error.status, "errors/refused.jinja")
    return render(request, template, {"message": error.message}, status=error.status)


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return domain_error_response(request, exception)
        return None
