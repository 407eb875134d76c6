"""Each version keeps what it says about its framework: key, name and description.

Until now they lived only on the framework's row, which follows the newest version, so renaming
the framework or importing 1.1 changed what 1.0 showed and exported. The values the framework
has today are copied into every existing version (the best record there is of what they said).

On SQLite, adding these columns rebuilds the version table, which fails while the content
tables' triggers name it; so every SQLite freeze trigger is dropped first, and 0005 installs
them all again (backwards, 0002's are put back after the reverse rebuild). On PostgreSQL the
triggers stay and ignore the new columns until 0005, so the copy below is not refused.
"""

import importlib

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

SQLITE_TRIGGERS = [
    f"{table}_frozen_{operation}"
    for table in ("frameworks_measure", "frameworks_theme", "frameworks_question",
                  "frameworks_level")
    for operation in ("insert", "update", "delete")
] + ["frameworks_frameworkversion_frozen_update", "frameworks_frameworkversion_frozen_delete"]


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};", params=None)


def restore_0002_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        frozen = importlib.import_module(
            "frameworks.migrations.0002_published_versions_frozen_in_the_database"
        )
        for statement in frozen._sqlite():
            schema_editor.execute(statement, params=None)


def copy_from_framework(apps, schema_editor):
    Framework = apps.get_model("frameworks", "Framework")
    FrameworkVersion = apps.get_model("frameworks", "FrameworkVersion")
    framework = Framework.objects.filter(pk=OuterRef("framework_id"))
    FrameworkVersion.objects.update(
        framework_key=Subquery(framework.values("key")[:1]),
        framework_name=Subquery(framework.values("name")[:1]),
        framework_description=Subquery(framework.values("description")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0003_measure_depends_on")]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, restore_0002_sqlite_triggers),
        migrations.AddField(
            model_name="frameworkversion",
            name="framework_key",
            field=models.SlugField(default="", max_length=50),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="framework_name",
            field=models.CharField(default="", max_length=200),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="framework_description",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(copy_from_framework, migrations.RunPython.noop),
    ]
