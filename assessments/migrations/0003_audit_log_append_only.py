"""The audit log is append-only in the database too, not only in the ORM.

PostgreSQL refuses UPDATE and DELETE of audit rows; SQLite (the embedded default) refuses UPDATE.
SQLite's DELETE is left to the ORM guard because Django empties test databases with DELETE there,
whereas on PostgreSQL it uses TRUNCATE, which row triggers do not see.
"""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION waymark_audit_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'The audit log is append-only: % refused', TG_OP;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER assessments_auditevent_append_only
    BEFORE UPDATE OR DELETE ON assessments_auditevent
    FOR EACH ROW EXECUTE FUNCTION waymark_audit_append_only();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS assessments_auditevent_append_only ON assessments_auditevent;",
    "DROP FUNCTION IF EXISTS waymark_audit_append_only();",
]
SQLITE = [
    """
    CREATE TRIGGER assessments_auditevent_no_update
    BEFORE UPDATE ON assessments_auditevent
    BEGIN
        SELECT RAISE(ABORT, 'The audit log is append-only: UPDATE refused');
    END;
    """,
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS assessments_auditevent_no_update;"]


def forwards(apps, schema_editor):
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    statements = {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}.get(
        schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_rounds_and_assessments")]

    operations = [migrations.RunPython(forwards, backwards)]
