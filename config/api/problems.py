"""One error body for the whole API: problem details (RFC 9457, `application/problem+json`).

Every refusal answers the same shape: `type` (always "about:blank": the status says what kind
of problem it is), `title` (the status's phrase), `status`, `detail` (a sentence for a person),
`code` (a stable word for a program, e.g. "not_found", "throttled", "answer_conflict") and, for
validation errors only, `errors`: the messages by field (`non_field_errors` for the request as a
whole). A `DomainError` from a service is translated here once, with its own `status`; a 404
says only "Not found." so that it reveals nothing of what exists.
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from ..errors import DomainError

PROBLEM_JSON = "application/problem+json"
NOT_FOUND = "Not found."


def problem(status: int, detail: str, *, code: str = "", **extra) -> dict:
    """The body of a problem response (`extra`: members such as `errors` or `current`)."""
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code or HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_"),
    }
    body.update(extra)
    return body


def problem_response(status: int, detail: str, *, code: str = "", headers=None, **extra):
    return Response(
        problem(status, detail, code=code, **extra),
        status=status,
        headers=headers,
        content_type=PROBLEM_JSON,
    )


def _messages(detail) -> dict[str, list[str]]:
    """DRF's nested validation detail as {field: [messages]} (nested fields dotted)."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for name, value in detail.items():
            for sub, messages in _messages(value).items():
                out[f"{name}.{sub}" if sub else str(name)] = messages
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {"": [str(item) for item in detail]}
        out = {}
        for index, item in enumerate(detail):
            for sub, messages in _messages(item).items():
                out[f"{index}.{sub}" if sub else str(index)] = messages
        return out
    return {"": [str(detail)]}


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every error the API answers, as problem details.
    Anything that is not a DomainError, an HTTP error of DRF or Django's 404/403 is left to
    propagate (a 500, logged)."""
    if isinstance(exc, DomainError):
        set_rollback()
        detail = NOT_FOUND if exc.status == 404 else exc.message
        code = type(exc).__name__
        code = "".join(f"_{c.lower()}" if c.isupper() else c for c in code).lstrip("_")
        return problem_response(exc.status, detail, code=code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    set_rollback()
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        errors = _messages(exc.detail)
        errors = {name or "non_field_errors": messages for name, messages in errors.items()}
        count = sum(len(m) for m in errors.values())
        detail = "The request has a problem." if count == 1 else "The request has problems."
        return problem_response(
            exc.status_code, detail, code="invalid", headers=headers, errors=errors
        )
    detail = exc.detail
    if isinstance(detail, dict | list):
        detail = "; ".join(m for ms in _messages(detail).values() for m in ms)
    code = getattr(exc.detail, "code", None) or exc.default_code
    if exc.status_code == 404:
        detail = NOT_FOUND
    return problem_response(exc.status_code, str(detail), code=str(code), headers=headers)


def not_found(request, *args, **kwargs):
    """Any path under /api/ that names no endpoint: a 404 problem, not the HTML page."""
    from django.http import JsonResponse

    return JsonResponse(
        problem(404, NOT_FOUND, code="not_found"), status=404, content_type=PROBLEM_JSON
    )
