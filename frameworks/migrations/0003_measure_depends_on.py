"""Success measures may declare the measures they depend on (`depends_on`, SCHEMA.md).

Adding a NOT NULL column makes Django rebuild the table on SQLite (create a new table, copy the
rows, drop the old one, rename), and the rebuilt table has none of the old one's triggers: the
freeze of published versions (0002) would silently be lost for measures. So on SQLite the
measure table's triggers are created again right after the rebuild, with exactly the statements
0002 used (and again after the reverse rebuild, when migrating back). PostgreSQL adds the column
in place and keeps its triggers; it has nothing to redo.
"""

import importlib

from django.db import migrations, models

TABLE = "frameworks_measure"


def _recreate_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    frozen = importlib.import_module(
        "frameworks.migrations.0002_published_versions_frozen_in_the_database"
    )
    for operation in ("insert", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_frozen_{operation};", params=None)
    for statement in frozen._sqlite():
        if statement.startswith(f"CREATE TRIGGER {TABLE}_frozen_"):
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0002_published_versions_frozen_in_the_database")]

    operations = [
        # Backwards, the RemoveField below rebuilds the table again: this puts the triggers back.
        migrations.RunPython(migrations.RunPython.noop, _recreate_sqlite_triggers),
        migrations.AddField(
            model_name="measure",
            name="depends_on",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The keys of the measures of this version that come before this one "
                "(foundations first); the framework file's `depends_on`.",
            ),
        ),
        migrations.RunPython(_recreate_sqlite_triggers, migrations.RunPython.noop),
    ]
