"""Every route of the URLconf (tests/security/routes.py), filled with real objects: a POST
without a CSRF token is refused with our page and changes nothing, every form a page shows
carries the token, and every response carries the security headers."""

import re

import pytest
from django.test import Client

from assessments.models import AuditEvent, Evidence
from tests.security.routes import all_routes, fill

pytestmark = pytest.mark.django_db

CSRF_PAGE = "<h1>Your form could not be sent</h1>"


def _urls(victim) -> list[tuple[str, str]]:
    """(route, url): each route once, with the first filling of its parameters."""
    found = []
    for route in all_routes():
        if route.route.endswith("(?P<url>.*)$"):
            continue  # the admin's catch-all: any path, covered by the others
        kwargs = fill(route, victim.values)[0] if route.parameters else {}
        found.append((route.route, route.url(kwargs)))
    return found


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed in", "anonymous"])
def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(victim, signed_in):
    client = Client(enforce_csrf_checks=True)
    if signed_in:
        client.force_login(victim.world.national)
    before = (Evidence.objects.count(), AuditEvent.objects.count())
    failures = []
    urls = _urls(victim)
    for route, url in urls:
        response = client.post(url, {"level": "3", "kind": "link", "url": "https://a.example"})
        body = response.content.decode(errors="replace")
        if route.startswith("api/"):
            # Django REST framework checks the token itself for a session's request ("CSRF
            # Failed"); a request without a session is not signed in; a view taking no POST
            # says so. (An API token sent in a header needs no CSRF token: no cookie rides along.)
            refused = (
                (response.status_code == 403 and "CSRF Failed" in body)
                if signed_in
                else response.status_code in (401, 403)
            ) or response.status_code == 405
        else:
            refused = response.status_code == 403 and CSRF_PAGE in body
        if not refused:
            failures.append(f"{response.status_code} {url} ({route})")
    assert len(urls) > 100
    assert not failures, "\n".join(failures)
    assert (Evidence.objects.count(), AuditEvent.objects.count()) == before


def test_the_csrf_page_says_what_to_do_through_our_layout(client):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Go back, reload the page, and send the form again. Nothing was saved." in page
    assert "nhsuk-header" in page
    assert "CSRF" not in page  # Django's reason is logged, not shown


def test_every_form_a_page_shows_carries_the_csrf_token(victim):
    client = Client(enforce_csrf_checks=True)
    client.force_login(victim.world.national)
    forms_seen, failures = 0, []
    for route, url in _urls(victim):
        response = client.get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        for form in re.findall(r"<form\b.*?</form>", page, flags=re.S | re.I):
            opening = form.split(">", 1)[0].lower()
            if 'method="post"' not in opening:
                continue
            forms_seen += 1
            if 'name="csrfmiddlewaretoken"' not in form:
                failures.append(f"{url} ({route}): {opening}>")
    assert forms_seen > 10
    assert not failures, "\n".join(failures)


def test_every_response_carries_the_security_headers(victim):
    client = Client()
    client.force_login(victim.world.national)
    failures, html_pages = [], 0
    for route, url in [("sign-in/", "/sign-in/"), *_urls(victim)]:
        response = client.get(url)
        problems = []
        if response.get("X-Content-Type-Options") != "nosniff":
            problems.append("X-Content-Type-Options")
        if response.get("Referrer-Policy") != "same-origin":
            problems.append("Referrer-Policy")
        if response.get("X-Frame-Options") != "DENY":
            problems.append("X-Frame-Options")
        policy = response.get("Content-Security-Policy", "")
        if "frame-ancestors 'none'" not in policy and "sandbox" not in policy:
            problems.append(f"Content-Security-Policy {policy!r}")
        if "text/html" in response.get("Content-Type", ""):
            html_pages += 1
            if "script-src 'self'" not in policy or "unsafe-" in policy:
                problems.append(f"script-src {policy!r}")
        if problems:
            failures.append(f"{response.status_code} {url} ({route}): {', '.join(problems)}")
    assert html_pages > 50
    assert not failures, "\n".join(failures)


def test_a_page_masks_its_token_once_and_its_forms_are_accepted(world, launched_assessment):
    """The questionnaire writes the token in a form per question: one masked token per page
    (as Django's own templates do), and a save that sends it back is accepted."""
    assessment = launched_assessment()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.respondent)
    measure = assessment.framework_version.measures.order_by("order").first()
    page = client.get(f"/assessments/{assessment.pk}/measures/{measure.key}/").content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert len(tokens) > 3 and len(set(tokens)) == 1
    question = re.search(r"/assessments/\d+/questions/([\w-]+)/answer/", page).group(1)
    saved = client.post(
        f"/assessments/{assessment.pk}/questions/{question}/answer/",
        {"level": "3", "revision": "0", "csrfmiddlewaretoken": tokens[0]},
    )
    assert saved.status_code in (200, 302, 303)
    assert assessment.answers.get(question__key=question).level == 3
