"""The API reference page (/api/docs/): the OpenAPI schema, generated in-process by
drf-spectacular, turned into plain data a Jinja2 template draws (`templates/api/reference.jinja`).

`reference()` builds it once per process (the schema depends only on the code and settings):
per tag, each operation's method and path, summary and description, parameters, request body
fields and responses, with `$ref`s resolved two levels deep (a list's `results` items, a nested
object's fields). `ApiReferenceView` serves it to anyone, as the schema itself is served
(SPECTACULAR_SETTINGS' SERVE_PERMISSIONS and SERVE_AUTHENTICATION, throttled like the API).
"""

import json
from functools import cache

from django.shortcuts import render
from django.utils.text import slugify
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from .pagination import Pagination
from .problems import problem

METHODS = ("get", "post", "put", "patch", "delete")
# How deep nested objects' fields are listed: an operation's body or response (1), the objects
# its fields hold (2); deeper ones are named by their type only.
DEPTH = 2


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


class _Schema:
    def __init__(self, schema: dict):
        self.components = schema.get("components", {}).get("schemas", {})

    def resolve(self, node: dict | None) -> tuple[str, dict]:
        """(the component's name or "", the schema itself) for a `$ref`, an `allOf` of one."""
        node = node or {}
        name = ""
        nullable = False  # `nullable` beside an `allOf` holds for what it refers to
        for _ in range(5):  # a chain of references, never a loop
            nullable = nullable or bool(node.get("nullable"))
            if "$ref" in node:
                name = _ref_name(node["$ref"])
                node = self.components.get(name, {})
            elif len(node.get("allOf", [])) == 1 and "properties" not in node:
                node = {**node["allOf"][0], **{k: v for k, v in node.items() if k != "allOf"}}
            else:
                break
        return name, {**node, "nullable": True} if nullable else node

    def type_text(self, node: dict | None) -> str:
        """A short type: "integer", "string (date-time)", "array of Assessment", "Answer"."""
        name, node = self.resolve(node)
        if node.get("enum") and name:
            kind = node.get("type", "string")
        elif node.get("type") == "array":
            kind = "array of " + self.type_text(node.get("items"))
        elif name and (node.get("type") == "object" or "properties" in node):
            kind = name
        elif "oneOf" in node or "anyOf" in node:
            kind = " or ".join(self.type_text(n) for n in node.get("oneOf") or node["anyOf"])
        else:
            kind = node.get("type", "object" if "properties" in node else "any")
            if node.get("format"):
                kind += f" ({node['format']})"
        if node.get("nullable"):
            kind += " or null"
        return kind

    def enum(self, node: dict | None, description: str = "") -> list[str]:
        """The allowed values, unless `description` already lists each (drf-spectacular
        describes a choice field as "* `draft` - In progress" and so on)."""
        _, node = self.resolve(node)
        if node.get("type") == "array":
            _, node = self.resolve(node.get("items"))
        values = [str(value) for value in node.get("enum", []) if value is not None]
        if all(f"`{value}`" in description for value in values):
            return []
        return values

    @staticmethod
    def description(prop: dict, target: dict) -> str:
        return prop.get("description") or target.get("description", "")

    def fields(self, node: dict | None, depth: int = 1) -> list[dict]:
        """The fields of an object schema (an array's items' fields), with their nested
        objects' fields down to DEPTH."""
        _, node = self.resolve(node)
        if node.get("type") == "array":
            _, node = self.resolve(node.get("items"))
        required = set(node.get("required", []))
        out = []
        for name, prop in node.get("properties", {}).items():
            _, target = self.resolve(prop)
            inner = (
                self.resolve(target.get("items"))[1] if target.get("type") == "array" else target
            )
            out.append(
                {
                    "name": name,
                    "type": self.type_text(prop),
                    "required": name in required,
                    "read_only": bool(prop.get("readOnly") or target.get("readOnly")),
                    "description": (description := self.description(prop, target)),
                    "enum": self.enum(prop, description),
                    "fields": (
                        self.fields(inner, depth + 1)
                        if depth < DEPTH and "properties" in inner
                        else []
                    ),
                }
            )
        return out

    def body(self, content: dict | None) -> dict | None:
        """A request or response body: its media types, its type and its fields."""
        if not content:
            return None
        media_types = list(content)
        schema = next((c.get("schema") for c in content.values() if c.get("schema")), None)
        return {
            "media_types": media_types,
            "type": self.type_text(schema) if schema else "",
            "fields": self.fields(schema) if schema else [],
        }


def _operation(schema: _Schema, path: str, method: str, operation: dict) -> dict:
    parameters = [
        {
            "name": p["name"],
            "in": p["in"],
            "type": schema.type_text(p.get("schema")),
            "required": bool(p.get("required")),
            "description": p.get("description", ""),
            "enum": schema.enum(p.get("schema"), p.get("description", "")),
        }
        for p in operation.get("parameters", [])
    ]
    request_body = operation.get("requestBody")
    responses = [
        {
            "status": status,
            "description": response.get("description", ""),
            "body": schema.body(response.get("content")),
        }
        for status, response in sorted(operation.get("responses", {}).items())
    ]
    return {
        "id": slugify(operation.get("operationId") or f"{method} {path}"),
        "method": method.upper(),
        "path": path,
        "summary": operation.get("summary", ""),
        "description": operation.get("description", ""),
        "parameters": parameters,
        "request_body": schema.body(request_body.get("content")) if request_body else None,
        "request_body_required": bool(request_body and request_body.get("required")),
        "responses": responses,
    }


def build(openapi: dict) -> dict:
    """The reference's structure from an OpenAPI 3 document."""
    schema = _Schema(openapi)
    tags: dict[str, list[dict]] = {}
    for path, path_item in openapi.get("paths", {}).items():
        for method, operation in path_item.items():
            if method not in METHODS:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            tags.setdefault(tag, []).append(_operation(schema, path, method, operation))
    described = {t["name"]: t.get("description", "") for t in openapi.get("tags", [])}
    info = openapi.get("info", {})
    return {
        "title": info.get("title", ""),
        "version": info.get("version", ""),
        "description": info.get("description", ""),
        "tags": [
            {
                "name": name,
                "id": "tag-" + slugify(name),
                "title": name.replace("-", " ").capitalize(),
                "description": described.get(name, ""),
                "operations": operations,
            }
            for name, operations in sorted(tags.items())
        ],
    }


@cache
def reference() -> dict:
    """The reference of this process's API: its schema generated once, then kept."""
    generator = SchemaGenerator()
    return build(generator.get_schema(request=None, public=True))


# The body a 400 answers, made by the one function every refusal goes through.
PROBLEM_EXAMPLE = json.dumps(
    problem(
        400,
        "The request has a problem.",
        code="invalid",
        errors={"level": ["Ensure this value is less than or equal to 5."]},
    ),
    indent=2,
)


def _rate_text(rate: str | None) -> str:
    """ "1200/hour" as "1,200 requests an hour"; None (no limit) as "no limit"."""
    if not rate:
        return "no limit"
    number, period = rate.split("/")
    unit = {"s": "second", "m": "minute", "h": "hour", "d": "day"}.get(period[0], period)
    return f"{int(number):,} requests a{'n' if unit == 'hour' else ''} {unit}"


def _limits() -> dict:
    rates = api_settings.DEFAULT_THROTTLE_RATES
    return {
        "token": _rate_text(rates.get("token")),
        "user": _rate_text(rates.get("user")),
        "anon": _rate_text(rates.get("anon")),
        "page_size": Pagination.page_size,
        "max_page_size": Pagination.max_page_size,
    }


class ApiReferenceView(APIView):
    """The reference page, for anyone (as the schema is), rate-limited as the API is."""

    permission_classes = spectacular_settings.SERVE_PERMISSIONS
    authentication_classes = spectacular_settings.SERVE_AUTHENTICATION

    def initialize_request(self, request, *args, **kwargs):
        # DRF sets the Django request's user to the one its (here no) authentication finds:
        # keep the session's, so the page's header and links show who is signed in.
        self.session_user = getattr(request, "user", None)
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(exclude=True)
    def get(self, request):
        page_request = request._request
        page_request.user = self.session_user
        return render(
            page_request,
            "api/reference.jinja",
            {
                "reference": reference(),
                "limits": _limits(),
                "base_url": request.build_absolute_uri("/").rstrip("/"),
                "problem_example": PROBLEM_EXAMPLE,
            },
        )
