"""The front door: production settings, headers, password rules and login throttling."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def _run_production(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A deployment's environment: none of the test run's own settings (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly refuses).
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "ALLOWED_HOSTS": "waymark.example.nhs.uk",
            # Production refuses to start without a broker; nothing connects to it here.
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
            # Nor without where emails go from and link to; nothing is sent here.
            "SITE_URL": "https://waymark.example.nhs.uk",
            "EMAIL_HOST": "smtp.example.nhs.uk",
            "DEFAULT_FROM_EMAIL": "Waymark <waymark@example.nhs.uk>",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _run_production(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        SECRET_KEY="x7" * 30 + "-a-long-random-production-secret",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_production("manage.py", "check")
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY must be set." in result.stderr


def test_production_cookies_are_secure_and_hsts_is_on():
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ['DEBUG', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', "
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'X_FRAME_OPTIONS']}))"
    )
    result = _run_production("-c", script, SECRET_KEY="a" * 60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "X_FRAME_OPTIONS": "DENY",
    }


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy_and_no_framing(client):
    response = client.get("/sign-in/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_our_pages_have_no_inline_script_or_style_without_the_nonce(world, client):
    client.force_login(world.sro)
    for path in ("/", "/my/", "/systems/QWO/", "/organisations/ZT001/", "/organisations/"):
        response = client.get(path)
        nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        page = response.content.decode()
        assert " style=" not in page, path
        for tag in page.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert "src=" in opening or f'nonce="{nonce}"' in opening, (path, opening)


@pytest.mark.parametrize(
    "password, message",
    [
        ("short-pw", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("394857201938", "This password is entirely numeric."),
    ],
)
def test_weak_passwords_are_refused(password, message):
    with pytest.raises(ValidationError) as caught:
        validate_password(password)
    assert message in caught.value.messages


def _sign_in(client, username, password, ip="10.0.0.1"):
    return client.post("/sign-in/", {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_from_that_address_with_a_clear_page(client, reader):
    for _ in range(4):
        assert _sign_in(client, "reader", "wrong-password").status_code == 200
    locked = _sign_in(client, "reader", "wrong-password")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "<h1>Too many attempts to sign in</h1>" in page
    assert "signing in to this account is paused for 15 minutes" in page
    assert "Other people at your organisation can still sign in." in page
    assert "nhsuk-header" in page  # rendered through our layout
    # Even the right password is refused until the cool-off ends.
    assert _sign_in(client, "reader", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_a_lockout_does_not_shut_out_colleagues_on_the_same_trust_network(client, reader, author):
    for _ in range(5):
        _sign_in(client, "reader", "wrong-password", ip="10.0.0.1")
    colleague = _sign_in(client, "author", PASSWORD, ip="10.0.0.1")
    assert colleague.status_code == 302 and colleague["Location"] == "/"


@pytest.mark.django_db
def test_a_lockout_is_for_one_address_only(client, reader):
    for _ in range(5):
        _sign_in(client, "reader", "wrong-password", ip="10.0.0.1")
    elsewhere = _sign_in(client, "reader", PASSWORD, ip="10.9.9.9")
    assert elsewhere.status_code == 302


def test_production_sends_hsts_and_the_other_headers_on_a_page(tmp_path):
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "from django.test import Client, override_settings; "
        # The manifest of static files exists only after collectstatic: the plain storage here.
        "plain = {**settings.STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}; "
        "override_settings(STORAGES=plain).enable(); "
        "r = Client().get('/sign-in/', secure=True); "
        "print(json.dumps({'status': r.status_code, **{h: r.get(h, '') for h in ["
        "'Strict-Transport-Security', 'X-Content-Type-Options', 'Referrer-Policy', "
        "'X-Frame-Options', 'Content-Security-Policy']}}))"
    )
    result = _run_production(
        "-c",
        script,
        SECRET_KEY="a" * 60,
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    headers = json.loads(result.stdout.strip().splitlines()[-1])
    assert headers["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_production_redirects_plain_http_to_https():
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/sign-in/'); print(r.status_code, r['Location'])"
    )
    result = _run_production("-c", script, SECRET_KEY="a" * 60, ALLOWED_HOSTS="testserver")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "301 https://testserver/sign-in/"
