"""The API reference page (/api/docs/): drawn on the server from the generated schema, listing
every operation with its parameters, request fields and responses."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator

from config.api.reference import build, reference

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def docs(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return unescape(response.content.decode()).replace("<wbr>", "")


def _operation_sections(html: str) -> dict[str, str]:
    """Each operation's part of the page by its heading's id."""
    parts = re.split(r'<div class="waymark-api-operation">', html)[1:]
    out = {}
    for part in parts:
        found = re.search(r'<h3 id="([^"]+)"', part)
        out[found.group(1)] = part
    return out


def test_the_page_lists_every_operation_of_the_schema(schema, docs):
    expected = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in METHODS
    }
    assert len(expected) >= 30
    shown = set()
    for part in _operation_sections(docs).values():
        heading = part[: part.index("</h3>")]
        method = re.search(r"\b(GET|POST|PUT|PATCH|DELETE)\b", heading).group(1)
        path = re.search(r'<code class="waymark-api-path">([^<]+)</code>', heading).group(1)
        shown.add((method, path))
    assert shown == expected


def test_each_operations_parameters_appear_in_its_section(schema, docs):
    sections = _operation_sections(docs)
    checked = 0
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            part = sections[operation["operationId"].replace(".", "")]
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in part, (method, path, parameter)
                checked += 1
    assert checked > 40


def test_an_operation_shows_its_parameters_body_and_responses_in_detail(docs):
    part = _operation_sections(docs)["assessments_answers_update"]
    assert (
        '<code class="waymark-api-path">/api/v1/assessments/{assessment_pk}/answers/{question_key}/</code>'
        in part
    )
    # Path parameters: name, where, type, required.
    row = re.search(r"<tr[^>]*>\s*<td[^>]*><code>assessment_pk</code></td>(.*?)</tr>", part, re.S)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    assert [c.strip() for c in cells[:3]] == ["path", "integer", "Yes"]
    # The request body's fields, from AnswerWriteRequest.
    assert "Request body fields" in part
    assert "<code>expected_revision</code>" in part and "<code>level</code>" in part
    # Responses: the 409 with its conflict body resolved two levels deep (current.revision).
    assert "Someone saved this answer since your revision" in part
    assert "<code>current.revision</code>" in part
    for status in ("200", "400", "401", "403", "404", "409", "429"):
        assert f'<dt class="nhsuk-summary-list__key">{status}</dt>' in part


def test_a_lists_response_shows_its_items_fields(docs):
    part = _operation_sections(docs)["assessments_list"]
    for field in ("count", "next", "results", "results[].id", "results[].status"):
        assert f"<code>{field}</code>" in part
    # The enum's values and a filter's description.
    assert "<code>submitted</code>" in part and "An ODS code." in part


@pytest.fixture
def default_rates():
    rates = {"anon": "120/hour", "user": "1200/hour", "token": "1200/hour"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        yield


def test_the_introduction_and_the_schema_downloads(client, default_rates, docs):
    for heading in ("Authentication", "Errors", "Pagination", "Rate limits", "An example"):
        assert f">{heading}</h2>" in docs
    assert "Retry-After" in docs and "application/problem+json" in docs
    assert "1,200 requests an hour" in docs and "120 requests an hour" in docs
    assert 'curl -H "Authorization: Bearer $TOKEN" http://testserver/api/v1/systems/' in docs
    for fmt, content_type in (("yaml", "application/vnd.oai.openapi"), ("json", "+json")):
        assert f'href="/api/schema/?format={fmt}"' in docs
        download = client.get(f"/api/schema/?format={fmt}")
        assert download.status_code == 200 and content_type in download["Content-Type"]
    # The contents list links to every section, and every section is there.
    for target in re.findall(r'class="nhsuk-contents-list__link" href="#([^"]+)"', docs):
        assert f'id="{target}"' in docs
    assert 'href="#tag-assessments"' in docs and 'href="#assessments_list"' in docs


def test_anonymous_people_are_asked_to_sign_in_and_signed_in_people_get_their_tokens(client, world):
    anonymous = client.get("/api/docs/").content.decode()
    assert 'href="/sign-in/?next=/my/api-tokens/"' in anonymous
    client.force_login(world.sro)
    signed_in = client.get("/api/docs/").content.decode()
    assert 'href="/my/api-tokens/">Make or revoke your API tokens' in signed_in
    assert "Sign in to make an API token" not in signed_in


def test_anonymous_access_is_rate_limited_as_the_api_is(client):
    rates = {"anon": "1/hour", "user": "1200/hour", "token": "1200/hour"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        assert client.get("/api/docs/").status_code == 200
        refused = client.get("/api/docs/")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert int(refused["Retry-After"]) > 0


def test_the_structure_is_built_once_per_process():
    assert reference() is reference()


def test_references_are_resolved_and_loops_do_not_hang():
    openapi = {
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/things/": {
                "get": {
                    "operationId": "things_list",
                    "tags": ["things"],
                    "responses": {
                        "200": {
                            "description": "",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Node"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Node": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "parent": {
                            "allOf": [{"$ref": "#/components/schemas/Node"}],
                            "nullable": True,
                        },
                    },
                }
            }
        },
    }
    (tag,) = build(openapi)["tags"]
    (operation,) = tag["operations"]
    body = operation["responses"][0]["body"]
    assert body["type"] == "Node"
    name, parent = body["fields"]
    assert (name["name"], name["required"], parent["type"]) == ("name", True, "Node or null")
    # Two levels deep, then named only.
    assert [f["name"] for f in parent["fields"]] == ["name", "parent"]
    assert parent["fields"][1]["fields"] == []
