"""Email settings: the console in `make run`, memory in the tests, SMTP from the environment in
production, each value checked when the settings load."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import env_from_address, env_port, env_site_url
from tests.test_settings import PRODUCTION_EMAIL, _settings

EMAIL = (
    "settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, "
    "settings.DEFAULT_FROM_EMAIL, settings.SITE_URL"
)
PRODUCTION = {"SECRET_KEY": "s3cret", "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}


def test_the_tests_keep_emails_in_memory():
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    assert settings.SITE_URL == "http://127.0.0.1:8000"


def test_make_run_prints_emails_to_the_console():
    result = _settings("config.settings.local", "settings.EMAIL_BACKEND, settings.SITE_URL")
    assert result.stdout.split() == [
        "django.core.mail.backends.console.EmailBackend",
        "http://127.0.0.1:8000",
    ]


def test_production_sends_through_smtp_from_the_environment():
    result = _settings(
        "config.settings.production",
        EMAIL + ", settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD",
        **PRODUCTION,
        **PRODUCTION_EMAIL,
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="waymark",
        EMAIL_HOST_PASSWORD="pw",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "django.core.mail.backends.smtp.EmailBackend smtp.example.nhs.uk 2525 True "
        "Waymark <waymark@example.nhs.uk> https://waymark.example.nhs.uk waymark pw"
    )


@pytest.mark.parametrize(
    "missing", ["SITE_URL", "EMAIL_HOST", "DEFAULT_FROM_EMAIL"], ids=lambda name: name
)
def test_production_refuses_to_start_without_where_emails_go(missing):
    environment = {**PRODUCTION, **PRODUCTION_EMAIL}
    del environment[missing]
    result = _settings("config.settings.production", **environment)
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set." in result.stderr


@pytest.mark.parametrize(
    "variables, message",
    [
        ({"SITE_URL": "http://waymark.example.nhs.uk"}, "Unexpected value SITE_URL="),
        ({"EMAIL_PORT": "99999"}, "use a port number from 1 to 65535"),
        ({"EMAIL_PORT": "smtp"}, "use a whole number"),
        ({"EMAIL_USE_TLS": "perhaps"}, "Unexpected value EMAIL_USE_TLS='perhaps'"),
        ({"EMAIL_USE_SSL": "true"}, "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true"),
        ({"EMAIL_HOST_USER": "waymark"}, "set EMAIL_HOST_PASSWORD too"),
        ({"DEFAULT_FROM_EMAIL": "Waymark"}, "Unexpected value DEFAULT_FROM_EMAIL='Waymark'"),
    ],
)
def test_production_refuses_nonsense(variables, message):
    result = _settings(
        "config.settings.production", **{**PRODUCTION, **PRODUCTION_EMAIL, **variables}
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_the_site_address_is_a_scheme_and_a_host(monkeypatch):
    monkeypatch.setenv("SITE", "https://waymark.example.nhs.uk:8443/")
    assert env_site_url("SITE", "") == "https://waymark.example.nhs.uk:8443"
    for bad in (
        "waymark.example.nhs.uk",
        "ftp://waymark.example.nhs.uk",
        "https://waymark.example.nhs.uk/app",
        "https://waymark.example.nhs.uk?x=1",
        "https://user:pw@waymark.example.nhs.uk",
        "https://waymark.example.nhs.uk:port",
    ):
        monkeypatch.setenv("SITE", bad)
        with pytest.raises(ImproperlyConfigured, match="Unexpected value SITE="):
            env_site_url("SITE", "")
    monkeypatch.delenv("SITE")
    assert env_site_url("SITE", "http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    with pytest.raises(ImproperlyConfigured, match="use the site's address such as https://"):
        env_site_url("SITE", "http://127.0.0.1:8000", https=True)


def test_senders_and_ports(monkeypatch):
    monkeypatch.setenv("FROM", "waymark@example.nhs.uk")
    assert env_from_address("FROM") == "waymark@example.nhs.uk"
    monkeypatch.setenv("FROM", "not an address")
    with pytest.raises(ImproperlyConfigured, match="use an email address"):
        env_from_address("FROM")
    monkeypatch.delenv("FROM")
    with pytest.raises(ImproperlyConfigured, match="FROM must be set"):
        env_from_address("FROM")
    monkeypatch.setenv("PORT", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_port("PORT", 587)
    monkeypatch.delenv("PORT")
    assert env_port("PORT", 587) == 587
