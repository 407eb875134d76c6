"""Settings come from the environment and fail loudly on nonsense."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import env_bool, env_int, env_list, env_required

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


def _settings(module: str, **env) -> subprocess.CompletedProcess:
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER)"
    )
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY")
    }
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
