"""The API's ground floor: the schema and its documentation page, problem details for every
error, pagination and filtering."""

import pytest
from django.test import override_settings

from assessments.services import NotAllowed
from config.api import exception_handler
from config.errors import NotFoundError

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def test_the_schema_is_openapi_3_and_describes_the_endpoints(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/organisations/" in schema["paths"]
    assert "/api/v1/assessments/{assessment_pk}/answers/{question_key}/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"
    # Every operation documents its problem responses.
    operation = schema["paths"]["/api/v1/organisations/"]["get"]
    assert {"401", "403", "404", "429"} <= set(operation["responses"])
    assert PROBLEM in operation["responses"]["404"]["content"]


def test_the_documentation_page_uses_no_cdn_and_no_script_or_style_of_its_own(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert "<style" not in html and 'style="' not in html
    # The one inline script is the NHS.UK template's, with the CSP nonce.
    assert html.count("<script>") == 0
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_no_credentials_is_a_401_problem_asking_for_a_bearer_token(api):
    response = api.get("/api/v1/organisations/")
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401 and body["title"] == "Unauthorized"
    assert body["type"] == "about:blank" and body["code"] == "not_authenticated"
    assert body["detail"]


def test_an_unknown_api_path_is_a_404_problem(api, world, as_user):
    response = as_user(world.national).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Not found.",
        "code": "not_found",
    }


def test_a_validation_error_lists_the_problems_by_field(world, as_user, launched_assessment):
    assessment = launched_assessment()
    question = assessment.questions()[0]
    response = as_user(world.respondent).put(
        f"/api/v1/assessments/{assessment.pk}/answers/{question.key}/",
        {"level": 9, "expected_revision": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["code"] == "invalid" and body["status"] == 400
    assert set(body["errors"]) == {"level", "expected_revision"}
    assert "less than or equal to 5" in body["errors"]["level"][0]


def test_a_domain_error_is_translated_once_with_its_status():
    response = exception_handler(NotAllowed("You cannot approve it."), {})
    assert response.status_code == 403
    assert response.data["detail"] == "You cannot approve it."
    assert response.data["code"] == "not_allowed"
    assert response.content_type == PROBLEM
    hidden = exception_handler(NotFoundError("Northmoor's secret assessment"), {})
    assert (hidden.status_code, hidden.data["detail"]) == (404, "Not found.")


def test_other_exceptions_are_left_to_propagate():
    assert exception_handler(ValueError("a bug"), {}) is None


def test_lists_are_paginated_with_a_maximum_page_size(world, as_user):
    client = as_user(world.national)
    page = client.get("/api/v1/organisations/?page_size=2").json()
    assert page["count"] == 6
    assert [o["ods_code"] for o in page["results"]] == ["ZT002", "ZT004"]
    assert page["next"].endswith("page=2&page_size=2")
    assert client.get("/api/v1/organisations/?page_size=100000").json()["count"] == 6
    beyond = client.get("/api/v1/organisations/?page=99")
    assert beyond.status_code == 404 and beyond["Content-Type"] == PROBLEM


@override_settings(DEBUG=False)
def test_filters_narrow_a_list_and_refuse_nonsense(world, as_user):
    client = as_user(world.national)
    acute = client.get("/api/v1/organisations/?care_setting=acute").json()
    assert [o["ods_code"] for o in acute["results"]] == ["ZT001", "ZT003"]
    bad = client.get("/api/v1/organisations/?care_setting=spaceship")
    assert bad.status_code == 400
    assert "care_setting" in bad.json()["errors"]
    south = client.get("/api/v1/systems/?region=y58").json()
    assert [s["ods_code"] for s in south["results"]] == ["QJK"]
