"""A published framework version never changes, enforced by the database as well as the ORM.

Rows of a published or retired version's content (measures, themes, questions, levels) cannot be
inserted, updated or deleted; the version row itself may only move along its lifecycle
(status, retired_at). SQLite leaves DELETE to the ORM guard, because Django empties test
databases with DELETE there (PostgreSQL uses TRUNCATE, which row triggers do not see).
"""

from django.db import migrations

CONTENT_TABLES = ["frameworks_measure", "frameworks_theme", "frameworks_question",
                  "frameworks_level"]
FROZEN = "'Published framework versions never change: % refused'"
VERSION_CONTENT_CHANGED = (
    "NEW.version IS DISTINCT FROM OLD.version OR NEW.framework_id IS DISTINCT FROM OLD.framework_id"
    " OR NEW.change_notes IS DISTINCT FROM OLD.change_notes"
    " OR NEW.checksum IS DISTINCT FROM OLD.checksum"
    " OR NEW.based_on_id IS DISTINCT FROM OLD.based_on_id"
    " OR NEW.published_at IS DISTINCT FROM OLD.published_at OR NEW.status = 'draft'"
)


def _postgresql():
    statements = [
        f"""
        CREATE FUNCTION waymark_framework_content_frozen() RETURNS trigger AS $$
        BEGIN
            IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM frameworks_frameworkversion
                                             WHERE id = OLD.version_id AND status <> 'draft') THEN
                RAISE EXCEPTION {FROZEN}, TG_OP;
            END IF;
            IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM frameworks_frameworkversion
                                             WHERE id = NEW.version_id AND status <> 'draft') THEN
                RAISE EXCEPTION {FROZEN}, TG_OP;
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        """,
        f"""
        CREATE FUNCTION waymark_framework_version_frozen() RETURNS trigger AS $$
        BEGIN
            IF OLD.status <> 'draft' AND (TG_OP = 'DELETE' OR {VERSION_CONTENT_CHANGED}) THEN
                RAISE EXCEPTION {FROZEN}, TG_OP;
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        """,
        """
        CREATE TRIGGER frameworks_frameworkversion_frozen
        BEFORE UPDATE OR DELETE ON frameworks_frameworkversion
        FOR EACH ROW EXECUTE FUNCTION waymark_framework_version_frozen();
        """,
    ]
    statements += [
        f"""
        CREATE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION waymark_framework_content_frozen();
        """
        for table in CONTENT_TABLES
    ]
    return statements


def _postgresql_reverse():
    return ([f"DROP TRIGGER IF EXISTS {t}_frozen ON {t};" for t in CONTENT_TABLES]
            + ["DROP TRIGGER IF EXISTS frameworks_frameworkversion_frozen "
               "ON frameworks_frameworkversion;",
               "DROP FUNCTION IF EXISTS waymark_framework_content_frozen();",
               "DROP FUNCTION IF EXISTS waymark_framework_version_frozen();"])


def _sqlite():
    def status(side):
        return f"(SELECT status FROM frameworks_frameworkversion WHERE id = {side}.version_id)"

    def abort(operation):
        message = FROZEN.replace("%", operation)
        return f"BEGIN SELECT RAISE(ABORT, {message}); END;"

    statements = []
    for table in CONTENT_TABLES:
        statements.append(f"CREATE TRIGGER {table}_frozen_insert BEFORE INSERT ON {table} "
                          f"WHEN {status('NEW')} <> 'draft' {abort('INSERT')}")
        statements.append(f"CREATE TRIGGER {table}_frozen_update BEFORE UPDATE ON {table} "
                          f"WHEN {status('OLD')} <> 'draft' OR {status('NEW')} <> 'draft' "
                          f"{abort('UPDATE')}")
    changed = VERSION_CONTENT_CHANGED.replace("IS DISTINCT FROM", "IS NOT")
    statements.append(
        "CREATE TRIGGER frameworks_frameworkversion_frozen_update BEFORE UPDATE ON "
        f"frameworks_frameworkversion WHEN OLD.status <> 'draft' AND ({changed}) {abort('UPDATE')}")
    return statements


def _sqlite_reverse():
    names = [f"{t}_frozen_{op}" for t in CONTENT_TABLES for op in ("insert", "update")]
    names.append("frameworks_frameworkversion_frozen_update")
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": _postgresql, "sqlite": _sqlite}.get(vendor, list)()
    for statement in statements:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": _postgresql_reverse, "sqlite": _sqlite_reverse}.get(vendor, list)()
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
