"""Migrations 0004 to 0007: versions keep what they said about their framework, and the
database's freeze survives the table rebuild, in both directions."""

import importlib

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from frameworks.models import FrameworkVersion

BEFORE = [("frameworks", "0003_measure_depends_on")]
LATEST = [("frameworks", "0007_version_vocabulary")]
BEFORE_VOCABULARY = [("frameworks", "0006_question_replaces")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def refused(sql, params):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as exc:
        return "Published framework versions never change" in str(exc)
    return False


@pytest.mark.django_db(transaction=True)
def test_existing_versions_get_their_framework_s_texts_and_stay_frozen():
    old = migrate(BEFORE)
    Framework = old.get_model("frameworks", "Framework")
    Version = old.get_model("frameworks", "FrameworkVersion")
    framework = Framework.objects.create(key="wgll", name="What Good Looks Like", description="D")
    published = Version.objects.create(
        framework=framework,
        version="1.0.0",
        major=1,
        minor=0,
        patch=0,
        status="published",
        published_at="2025-01-01T00:00:00Z",
    )
    draft = Version.objects.create(framework=framework, version="1.1.0", major=1, minor=1, patch=0)
    try:
        migrate(LATEST)
        copied = FrameworkVersion.objects.order_by("version").values_list(
            "framework_key", "framework_name", "framework_description"
        )
        assert list(copied) == [("wgll", "What Good Looks Like", "D")] * 2
        delete = "DELETE FROM frameworks_frameworkversion WHERE id = %s"
        rename = "UPDATE frameworks_frameworkversion SET framework_name = 'X' WHERE id = %s"
        assert refused(delete, [published.pk])
        assert refused(rename, [published.pk])
        assert not refused(rename, [draft.pk])

        migrate(BEFORE)  # back: 0002's triggers again, on the rebuilt table
        assert refused(
            "UPDATE frameworks_frameworkversion SET checksum = 'x' WHERE id = %s", [published.pk]
        )
    finally:
        migrate(LATEST)
    assert refused(delete, [published.pk])


@pytest.mark.django_db(transaction=True)
def test_existing_versions_get_wgll_s_words_and_stay_frozen_both_ways():
    old = migrate(BEFORE_VOCABULARY)
    Framework = old.get_model("frameworks", "Framework")
    Version = old.get_model("frameworks", "FrameworkVersion")
    framework = Framework.objects.create(key="wgll", name="What Good Looks Like")
    published = Version.objects.create(
        framework=framework,
        framework_key="wgll",
        framework_name="What Good Looks Like",
        version="1.0.0",
        major=1,
        minor=0,
        patch=0,
        status="published",
        published_at="2025-01-01T00:00:00Z",
    )
    draft = Version.objects.create(
        framework=framework,
        framework_key="wgll",
        framework_name="W",
        version="1.1.0",
        major=1,
        minor=1,
        patch=0,
    )
    delete = "DELETE FROM frameworks_frameworkversion WHERE id = %s"
    try:
        migrate(LATEST)
        words = FrameworkVersion.objects.order_by("version").values_list(
            "section_word", "sections_word", "theme_word"
        )
        assert list(words) == [("success measure", "success measures", "theme")] * 2
        reword = "UPDATE frameworks_frameworkversion SET section_word = 'domain' WHERE id = %s"
        assert refused(reword, [published.pk])
        assert refused(delete, [published.pk])
        assert not refused(reword, [draft.pk])
        if connection.vendor == "sqlite":  # every trigger 0007 dropped to rebuild is back
            with connection.cursor() as cursor:
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                triggers = {name for (name,) in cursor.fetchall()}
            vocabulary = importlib.import_module("frameworks.migrations.0007_version_vocabulary")
            assert set(vocabulary._sqlite_trigger_names()) <= triggers

        migrate(BEFORE_VOCABULARY)  # back: 0005's and 0006's triggers on the rebuilt table
        assert refused(
            "UPDATE frameworks_frameworkversion SET framework_name = 'X' WHERE id = %s",
            [published.pk],
        )
        assert refused(delete, [published.pk])
    finally:
        migrate(LATEST)
    assert refused(delete, [published.pk])
