"""The OpenAPI schema's shared parts.

- `add_problem_responses`: a drf-spectacular post-processing hook giving every operation the
  problem-details responses it can answer (400 for writes and filters, 401, 403, 404, 429), so
  the schema describes every error a client can meet (`problems.py`).

The documentation page drawn from the schema is `reference.py`.
"""

from .problems import PROBLEM_JSON

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Problem details (RFC 9457).",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Validation errors only: the messages by field.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail", "code"],
}

ERRORS = {
    "400": "The request has a problem (`errors` says which, by field) or a rule refused it.",
    "401": "No valid credentials: a missing, unknown, revoked or expired token.",
    "403": "You may see this but not do this (or a read-only token asked to write).",
    "404": "There is no such thing that you may see.",
    "429": "Too many requests: wait the `Retry-After` seconds.",
}


def add_problem_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    content = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                if status in responses:
                    responses[status].setdefault("content", {}).update(content)
                else:
                    responses[status] = {"description": description, "content": content}
    return result
