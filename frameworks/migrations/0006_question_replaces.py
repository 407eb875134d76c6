"""Crosswalks: a question's `replaces` (the keys of the questions it carries on from the version
it derives from) as rows of their own, frozen with a published version like the rest of its
content: the same triggers as 0002 and 0005 on the new table, on PostgreSQL and SQLite.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models


TABLE = "frameworks_replacement"


def _frozen():
    return importlib.import_module(
        "frameworks.migrations.0005_published_versions_refuse_raw_deletes"
    )


def _sqlite():
    frozen = _frozen()
    status, abort = frozen._status, frozen._abort
    return [
        f"CREATE TRIGGER {TABLE}_frozen_insert BEFORE INSERT ON {TABLE} "
        f"WHEN {status('NEW')} <> 'draft' {abort('INSERT')}",
        f"CREATE TRIGGER {TABLE}_frozen_update BEFORE UPDATE ON {TABLE} "
        f"WHEN {status('OLD')} <> 'draft' OR {status('NEW')} <> 'draft' {abort('UPDATE')}",
        f"CREATE TRIGGER {TABLE}_frozen_delete BEFORE DELETE ON {TABLE} "
        f"WHEN {frozen.PUBLISHED_WITH_FRAMEWORK} {abort('DELETE')}",
    ]


POSTGRESQL = [
    f"CREATE TRIGGER {TABLE}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION waymark_framework_content_frozen();"
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": lambda: POSTGRESQL, "sqlite": _sqlite}.get(vendor, list)()
    for statement in statements:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_frozen ON {TABLE};", params=None)
    elif vendor == "sqlite":
        for operation in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_frozen_{operation};", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('frameworks', '0005_published_versions_refuse_raw_deletes'),
    ]

    operations = [
        migrations.CreateModel(
            name='Replacement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_key', models.SlugField(max_length=80)),
                ('order', models.PositiveSmallIntegerField()),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='replacements', to='frameworks.question')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='frameworks.frameworkversion')),
            ],
            options={
                'ordering': ['question', 'order'],
                'constraints': [models.UniqueConstraint(fields=('question', 'old_key'), name='unique_replaced_key')],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
