"""Settings come from the environment and fail loudly on nonsense."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import env_bool, env_int, env_list, env_required, env_time_limits

ROOT = Path(__file__).resolve().parents[1]


def test_booleans_accept_the_usual_words_and_refuse_anything_else(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False
    monkeypatch.delenv("FLAG")
    assert env_bool("FLAG", True) is True
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="Unexpected value FLAG='maybe'"):
        env_bool("FLAG", False)


def test_numbers_lists_and_required_values(monkeypatch):
    monkeypatch.setenv("N", "12")
    assert env_int("N", 3) == 12
    monkeypatch.setenv("N", "twelve")
    with pytest.raises(ImproperlyConfigured, match="use a whole number"):
        env_int("N", 3)
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.delenv("MISSING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="MISSING must be set"):
        env_required("MISSING")


# Variables the settings read that the machine running the tests may have set (CI sets some).
SETTINGS_VARIABLES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "SECRET_KEY",
    "REDIS_URL",
    "CELERY_TASK_SOFT_TIME_LIMIT",
    "CELERY_TASK_TIME_LIMIT",
    "DEBUG",
    "SITE_URL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DEFAULT_FROM_EMAIL",
)


def _settings(
    module: str,
    show: str = "settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER",
    **env,
) -> subprocess.CompletedProcess:
    code = f"import django; from django.conf import settings; django.setup(); print({show})"
    environment = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    environment.update(DJANGO_SETTINGS_MODULE=module, **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_embedded_defaults_are_sqlite_and_eager_tasks():
    result = _settings("config.settings.local")
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_a_database_url_and_a_broker_switch_to_the_real_services():
    result = _settings(
        "config.settings.local",
        DATABASE_URL="postgres://u@127.0.0.1:5432/w",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings("config.settings.production")
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY must be set." in result.stderr


def test_production_refuses_to_start_without_a_broker_rather_than_run_tasks_in_the_web_process():
    result = _settings("config.settings.production", SECRET_KEY="s3cret")
    assert result.returncode != 0
    assert "The environment variable CELERY_BROKER_URL must be set." in result.stderr
    assert "production never runs background tasks inside the web process" in result.stderr


# What production needs besides a secret key and a broker: where emails go from and link to.
PRODUCTION_EMAIL = {
    "SITE_URL": "https://waymark.example.nhs.uk",
    "EMAIL_HOST": "smtp.example.nhs.uk",
    "DEFAULT_FROM_EMAIL": "Waymark <waymark@example.nhs.uk>",
}


def test_production_with_a_broker_hands_tasks_to_it():
    result = _settings(
        "config.settings.production",
        SECRET_KEY="s3cret",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        **PRODUCTION_EMAIL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "False"


def test_task_time_limits_have_defaults_and_come_from_the_environment():
    limits = "settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT"
    assert _settings("config.settings.local", limits).stdout.split() == ["240", "300"]
    result = _settings(
        "config.settings.local",
        limits,
        CELERY_TASK_SOFT_TIME_LIMIT="50",
        CELERY_TASK_TIME_LIMIT="60",
    )
    assert result.stdout.split() == ["50", "60"]


def test_task_time_limits_refuse_nonsense(monkeypatch):
    monkeypatch.setenv("SOFT", "90")
    monkeypatch.setenv("HARD", "60")
    with pytest.raises(ImproperlyConfigured, match="SOFT=90 must be less than HARD=60"):
        env_time_limits("SOFT", 240, "HARD", 300)
    monkeypatch.setenv("SOFT", "60")
    with pytest.raises(ImproperlyConfigured, match="SOFT=60 must be less than HARD=60"):
        env_time_limits("SOFT", 240, "HARD", 300)
    monkeypatch.setenv("SOFT", "0")
    with pytest.raises(ImproperlyConfigured, match="Unexpected value SOFT='0', .* at least 1"):
        env_time_limits("SOFT", 240, "HARD", 300)
    monkeypatch.setenv("SOFT", "ten")
    with pytest.raises(ImproperlyConfigured, match="use a whole number"):
        env_time_limits("SOFT", 240, "HARD", 300)
    monkeypatch.delenv("SOFT")
    monkeypatch.delenv("HARD")
    assert env_time_limits("SOFT", 240, "HARD", 300) == (240, 300)


def test_the_settings_refuse_a_soft_limit_that_is_not_below_the_hard_one():
    result = _settings("config.settings.local", CELERY_TASK_SOFT_TIME_LIMIT="600")
    assert result.returncode != 0
    assert "CELERY_TASK_SOFT_TIME_LIMIT=600 must be less than CELERY_TASK_TIME_LIMIT=300" in (
        result.stderr
    )


def test_the_cache_is_local_memory_without_redis_and_redis_with_it():
    cache = "settings.CACHES['default']['BACKEND'], settings.CACHES['default'].get('LOCATION')"
    result = _settings("config.settings.local", cache)
    assert result.stdout.split() == ["django.core.cache.backends.locmem.LocMemCache", "None"]
    result = _settings("config.settings.local", cache, REDIS_URL="redis://127.0.0.1:6379/1")
    assert result.stdout.split() == [
        "config.cache.ForgivingRedisCache",
        "redis://127.0.0.1:6379/1",
    ]


def test_the_configured_cache_keeps_a_value():
    # Local memory, or the real Redis when REDIS_URL is set (as in CI).
    from django.core.cache import cache

    key = f"settings-test-{os.getpid()}"
    cache.set(key, {"kept": True}, timeout=30)
    try:
        assert cache.get(key) == {"kept": True}
    finally:
        cache.delete(key)
