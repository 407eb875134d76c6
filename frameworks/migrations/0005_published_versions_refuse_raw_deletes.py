"""Every freeze trigger again, now also refusing raw SQL DELETE on SQLite, and covering what a
version says about its framework (0004).

SQLite now refuses deleting the content rows of a published or retired version, and the version
row itself, as PostgreSQL does, while the version's framework row exists. Deleting the
framework's row (which the ORM protects) is SQLite's equivalent of PostgreSQL's TRUNCATE: the
way to empty everything at once. Django's `flush` on SQLite deletes every table in an
unpredictable order, so `frameworks/management/commands/flush.py` deletes the frameworks first,
in the same transaction.

0004 dropped every SQLite trigger to rebuild the version table; they are all created here (and
dropped again backwards, so that 0004 can rebuild the table back). PostgreSQL keeps its
triggers; its version function is replaced.
"""

from django.db import migrations

CONTENT_TABLES = [
    "frameworks_measure",
    "frameworks_theme",
    "frameworks_question",
    "frameworks_level",
]
FROZEN = "'Published framework versions never change: % refused'"
OLD_VERSION_COLUMNS = ["version", "framework_id", "change_notes", "checksum", "based_on_id",
                       "published_at"]
VERSION_COLUMNS = OLD_VERSION_COLUMNS + ["framework_key", "framework_name",
                                         "framework_description"]


def _changed(columns, distinct):
    tests = [f"NEW.{c} {distinct} OLD.{c}" for c in columns]
    return " OR ".join(tests + ["NEW.status = 'draft'"])


def _abort(operation):
    return f"BEGIN SELECT RAISE(ABORT, {FROZEN.replace('%', operation)}); END;"


def _status(side):
    return f"(SELECT status FROM frameworks_frameworkversion WHERE id = {side}.version_id)"


PUBLISHED_WITH_FRAMEWORK = (
    "EXISTS (SELECT 1 FROM frameworks_frameworkversion v JOIN frameworks_framework f "
    "ON f.id = v.framework_id WHERE v.id = OLD.version_id AND v.status <> 'draft')"
)


SQLITE_TRIGGERS = [
    f"{table}_frozen_{operation}"
    for table in CONTENT_TABLES
    for operation in ("insert", "update", "delete")
] + ["frameworks_frameworkversion_frozen_update", "frameworks_frameworkversion_frozen_delete"]


def _sqlite(columns):
    statements = []
    for table in CONTENT_TABLES:
        statements.append(f"CREATE TRIGGER {table}_frozen_insert BEFORE INSERT ON {table} "
                          f"WHEN {_status('NEW')} <> 'draft' {_abort('INSERT')}")
        statements.append(f"CREATE TRIGGER {table}_frozen_update BEFORE UPDATE ON {table} "
                          f"WHEN {_status('OLD')} <> 'draft' OR {_status('NEW')} <> 'draft' "
                          f"{_abort('UPDATE')}")
        statements.append(f"CREATE TRIGGER {table}_frozen_delete BEFORE DELETE ON {table} "
                          f"WHEN {PUBLISHED_WITH_FRAMEWORK} {_abort('DELETE')}")
    statements.append(
        "CREATE TRIGGER frameworks_frameworkversion_frozen_update BEFORE UPDATE ON "
        f"frameworks_frameworkversion WHEN OLD.status <> 'draft' AND "
        f"({_changed(columns, 'IS NOT')}) {_abort('UPDATE')}")
    statements.append(
        "CREATE TRIGGER frameworks_frameworkversion_frozen_delete BEFORE DELETE ON "
        "frameworks_frameworkversion WHEN OLD.status <> 'draft' AND EXISTS (SELECT 1 FROM "
        f"frameworks_framework WHERE id = OLD.framework_id) {_abort('DELETE')}")
    return statements


def _postgresql(columns):
    return [f"""
        CREATE OR REPLACE FUNCTION waymark_framework_version_frozen() RETURNS trigger AS $$
        BEGIN
            IF OLD.status <> 'draft' AND (TG_OP = 'DELETE'
                                          OR {_changed(columns, 'IS DISTINCT FROM')}) THEN
                RAISE EXCEPTION {FROZEN}, TG_OP;
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        """]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement, params=None)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, _sqlite(VERSION_COLUMNS))
    elif vendor == "postgresql":
        _run(schema_editor, _postgresql(VERSION_COLUMNS))


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, [f"DROP TRIGGER IF EXISTS {name};" for name in SQLITE_TRIGGERS])
    elif vendor == "postgresql":
        _run(schema_editor, _postgresql(OLD_VERSION_COLUMNS))


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0004_version_describes_its_framework")]

    operations = [migrations.RunPython(forwards, backwards)]
