"""One domain error, translated once: for pages by config.middleware, for the API by
config.api.exception_handler (as problem details: tests/api/)."""

import pytest
from django.urls import path
from rest_framework.exceptions import NotAuthenticated

from assessments.services import AnswerConflict, AssessmentError, NotAllowed
from config import urls as site_urls
from config.api import exception_handler
from config.errors import ConflictError, DomainError, NotAllowedError, NotFoundError

ERRORS = {
    "refused": AssessmentError("Only a submitted assessment can be approved."),
    "not-allowed": NotAllowed("You cannot approve the assessment for Northmoor."),
    "not-found": NotFoundError("Northmoor's secret assessment"),
    "conflict": ConflictError("Someone changed it."),
}


def refusing_view(request, name):
    raise ERRORS[name]


urlpatterns = [path("refuse/<str:name>/", refusing_view), *site_urls.urlpatterns]


def test_each_domain_error_carries_its_http_meaning():
    assert DomainError("x").status == 400
    assert (NotAllowedError("x").status, NotFoundError("x").status) == (403, 404)
    assert ConflictError("x").status == 409
    assert AssessmentError("x").status == 400
    assert NotAllowed("x").status == 403
    assert issubclass(AnswerConflict, ConflictError) and issubclass(AnswerConflict, AssessmentError)


@pytest.mark.urls("tests.test_errors")
@pytest.mark.parametrize(
    "name, status, words",
    [
        ("refused", 400, "Only a submitted assessment can be approved."),
        ("not-allowed", 403, "You cannot do this"),
        ("not-found", 404, "Page not found"),
        ("conflict", 409, "Someone changed it."),
    ],
)
def test_a_page_that_does_not_catch_a_domain_error_shows_our_error_page(
    client, db, name, status, words
):
    response = client.get(f"/refuse/{name}/")
    assert response.status_code == status
    html = response.content.decode()
    assert words in html
    assert "nhsuk-header" in html  # our layout, not Django's plain page
    if name == "not-found":
        assert "secret" not in html  # a 404 reveals nothing of what exists


def test_the_api_answers_a_domain_error_with_its_status_and_message():
    def said(response):
        return response.status_code, response.data["status"], response.data["detail"]

    response = exception_handler(NotAllowed("You cannot approve it."), {})
    assert said(response) == (403, 403, "You cannot approve it.")
    response = exception_handler(AssessmentError("Say why."), {})
    assert said(response) == (400, 400, "Say why.")
    response = exception_handler(NotFoundError("Northmoor's secret assessment"), {})
    assert said(response) == (404, 404, "Not found.")


def test_the_api_answers_drf_errors_as_problems_and_leaves_the_rest():
    response = exception_handler(NotAuthenticated(), {"request": None})
    assert response.status_code in (401, 403)
    assert response.data["code"] == "not_authenticated"
    assert exception_handler(ValueError("a bug"), {}) is None
