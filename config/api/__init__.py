"""What every app's API shares, knowing none of the apps: the error body and the translation of
`DomainError` (`problems.py`), pagination (`pagination.py`), rate limiting (`throttling.py`) and
the OpenAPI schema's shared parts (`schema.py`) and the reference page drawn from it (`reference.py`). Each app keeps its own
endpoints in `<app>/api/` (serializers and views), routed under /api/v1/ by config/urls.py."""

from .problems import PROBLEM_JSON, exception_handler, problem, problem_response

__all__ = ["PROBLEM_JSON", "exception_handler", "problem", "problem_response"]
