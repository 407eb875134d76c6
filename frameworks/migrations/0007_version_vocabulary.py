"""Each version keeps its framework's vocabulary: what it calls its sections and themes, WGLL's
words ("success measure", "theme") for every version there is.

As in 0004: on SQLite, adding columns with a default rebuilds the version table, which fails
while the content tables' triggers name it; so every SQLite freeze trigger (0005's and 0006's)
is dropped first and installed again afterwards, the version's trigger now also refusing a
change of the new columns. PostgreSQL keeps its triggers; its version function is replaced to
cover the new columns (and put back as 0005 made it, backwards).
"""

import importlib

from django.db import migrations, models

NEW_COLUMNS = ["section_word", "sections_word", "theme_word"]


def _0005():
    return importlib.import_module(
        "frameworks.migrations.0005_published_versions_refuse_raw_deletes"
    )


def _0006():
    return importlib.import_module("frameworks.migrations.0006_question_replaces")


def _sqlite_trigger_names():
    return _0005().SQLITE_TRIGGERS + [
        f"{_0006().TABLE}_frozen_{operation}" for operation in ("insert", "update", "delete")
    ]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _run(schema_editor, [f"DROP TRIGGER IF EXISTS {n};" for n in _sqlite_trigger_names()])


def restore_sqlite_triggers(apps, schema_editor, columns=None):
    if schema_editor.connection.vendor == "sqlite":
        frozen = _0005()
        _run(schema_editor, frozen._sqlite(columns or frozen.VERSION_COLUMNS))
        _run(schema_editor, _0006()._sqlite())


def forwards(apps, schema_editor):
    frozen = _0005()
    columns = frozen.VERSION_COLUMNS + NEW_COLUMNS
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        restore_sqlite_triggers(apps, schema_editor, columns)
    elif vendor == "postgresql":
        _run(schema_editor, frozen._postgresql(columns))


def backwards(apps, schema_editor):
    frozen = _0005()
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        drop_sqlite_triggers(apps, schema_editor)
    elif vendor == "postgresql":
        _run(schema_editor, frozen._postgresql(frozen.VERSION_COLUMNS))


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0006_question_replaces")]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, restore_sqlite_triggers),
        migrations.AddField(
            model_name="frameworkversion",
            name="section_word",
            field=models.CharField(default="success measure", max_length=50),
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="sections_word",
            field=models.CharField(default="success measures", max_length=50),
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="theme_word",
            field=models.CharField(default="theme", max_length=50),
        ),
        migrations.RunPython(forwards, backwards),
    ]
