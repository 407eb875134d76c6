"""`make run` shows the product's own error pages: local settings leave DEBUG off unless asked,
so an unknown URL never shows Django's debug page with the list of every URL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[1]

# Under config.settings.local as `make run` has it (DEBUG not set), on a throwaway database, ask
# for an unknown URL, a forbidden one, a failing one and a static file.
SCRIPT = """
import json, django
from django.conf import settings
django.setup()
from django.test import Client, override_settings
client = Client(HTTP_HOST="localhost", raise_request_exception=False)
pages = {}
with override_settings(ROOT_URLCONF="tests.error_urls"):
    for name, url in [
        ("not_found", "/no-such-page/"),
        ("forbidden", "/test-errors/forbidden/"),
        ("broken", "/test-errors/broken/"),
        ("static", "/static/waymark/waymark.css"),
    ]:
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        pages[name] = [response.status_code, body.decode()]
print(json.dumps({"debug": settings.DEBUG, "pages": pages}))
"""


def _run_local(**env) -> dict:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in ("DEBUG", "DATABASE_URL")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.local", DATABASE_URL="sqlite:///:memory:", **env
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def local():
    return _run_local()


def test_make_run_has_debug_off_unless_asked_for(local):
    assert local["debug"] is False
    assert _run_local(DEBUG="true")["debug"] is True


def test_an_unknown_url_gives_our_404_page_not_the_list_of_urls(local):
    status, html = local["pages"]["not_found"]
    assert status == 404
    assert "<h1>Page not found</h1>" in html
    assert "nhsuk-header" in html and "nhsuk-footer" in html
    # Django's debug page says "Using the URLconf defined in ..." and lists every pattern.
    assert "Using the URLconf" not in html and "admin/" not in html


def test_a_forbidden_url_gives_our_403_page(local):
    status, html = local["pages"]["forbidden"]
    assert status == 403
    assert "<h1>You cannot do this</h1>" in html
    assert "nhsuk-header" in html


def test_a_failing_view_gives_our_500_page_without_a_traceback(local):
    status, html = local["pages"]["broken"]
    assert status == 500
    assert "<h1>Sorry, there is a problem with the service</h1>" in html
    assert "nhsuk-header" in html and "nhsuk-frontend.min.css" in html
    assert "Traceback" not in html and "on purpose" not in html


def test_static_files_are_served_with_debug_off(local):
    status, css = local["pages"]["static"]
    assert status == 200
    assert "Waymark's few additions" in css


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_the_500_page_is_drawn_in_full_even_when_the_database_is_out_of_reach(client):
    # No database for this test: loading the signed-in user would raise, and the handler would
    # then fall back to plain HTML. The full NHS.UK page shows that it asked for nothing.
    client.cookies["sessionid"] = "a-session-that-would-need-the-database"
    client.raise_request_exception = False
    response = client.get("/test-errors/broken/")
    assert response.status_code == 500
    assert b"<h1>Sorry, there is a problem with the service</h1>" in response.content
    assert b"nhsuk-header" in response.content


def test_the_500_page_falls_back_to_plain_html_when_it_cannot_be_drawn(rf, monkeypatch):
    from config import views

    def broken_render(*args, **kwargs):
        raise RuntimeError("the template engine is broken too")

    monkeypatch.setattr(views, "render_to_string", broken_render)
    response = views.server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"<h1>Sorry, there is a problem with the service</h1>" in response.content


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_the_database_out_of_reach_gives_the_503_page_to_try_again_shortly(client):
    client.raise_request_exception = False
    response = client.get("/test-errors/database/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"<h1>Sorry, the service is unavailable</h1>" in response.content
    assert b"If you were saving an answer just now, it was not saved" in response.content
    assert b"nhsuk-header" in response.content
    assert b"Connection refused" not in response.content and b"Traceback" not in response.content
