"""The answers and scores of an approved assessment cannot change while it stays approved,
enforced by the database as well as the services.

Refused while the assessment's status is 'approved': INSERT, UPDATE and DELETE of its answers and
of its frozen scores. So scores are frozen *before* the status becomes approved (in the same
transaction), and withdrawn *after* reopening has changed the status; reopening stays possible
because it changes the assessment row, which no trigger guards.

PostgreSQL: one AFTER ... FOR EACH STATEMENT trigger per table and operation, reading the
statement's transition tables: one join per statement, so COPY and bulk writes of millions of
rows pay once, not once per row. SQLite: BEFORE ... FOR EACH ROW triggers (one indexed look-up
per row). Both refuse with SQLSTATE 23000 / SQLITE_CONSTRAINT, so Django raises IntegrityError on
either; the services check first and raise a DomainError instead.

SQLite's DELETE trigger makes `DELETE FROM assessments_answer` fail while an approved assessment
exists, so the test suite's flush of a SQLite database deletes assessments first (tests/conftest.py:
Django's own order is a set's); `manage.py flush` on SQLite needs approved assessments reopened or
deleted first. PostgreSQL flushes with TRUNCATE, which these triggers do not see.
"""

from django.db import migrations

TABLES = ["assessments_answer", "assessments_score"]
MESSAGE = "The answers and scores of an approved assessment cannot change: reopen it first"
# The distinct assessments of the statement's rows first (an InitPlan, computed once), then one
# look-up of those: never a join the planner might run as a loop over the whole statement.
APPROVED = (
    "SELECT 1 FROM assessments_assessment a WHERE a.status = 'approved' "
    "AND a.id = ANY (ARRAY(SELECT DISTINCT r.assessment_id FROM {rows} r))"
)


def _postgresql():
    statements = [
        f"""
        CREATE FUNCTION waymark_approved_frozen() RETURNS trigger AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                IF EXISTS ({APPROVED.format(rows="old_rows")}) THEN
                    RAISE EXCEPTION '{MESSAGE} (% of % refused)', TG_OP, TG_TABLE_NAME
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
            END IF;
            IF TG_OP <> 'DELETE' THEN
                IF EXISTS ({APPROVED.format(rows="new_rows")}) THEN
                    RAISE EXCEPTION '{MESSAGE} (% of % refused)', TG_OP, TG_TABLE_NAME
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
            END IF;
            RETURN NULL;
        END;
        $$ LANGUAGE plpgsql;
        """
    ]
    for table in TABLES:
        statements += [
            f"CREATE TRIGGER {table}_approved_insert AFTER INSERT ON {table} "
            "REFERENCING NEW TABLE AS new_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION waymark_approved_frozen();",
            f"CREATE TRIGGER {table}_approved_update AFTER UPDATE ON {table} "
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION waymark_approved_frozen();",
            f"CREATE TRIGGER {table}_approved_delete AFTER DELETE ON {table} "
            "REFERENCING OLD TABLE AS old_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION waymark_approved_frozen();",
        ]
    return statements


def _postgresql_reverse():
    return [
        f"DROP TRIGGER IF EXISTS {table}_approved_{op} ON {table};"
        for table in TABLES
        for op in ("insert", "update", "delete")
    ] + ["DROP FUNCTION IF EXISTS waymark_approved_frozen();"]


def _sqlite():
    def approved(side):
        return (
            f"(SELECT status FROM assessments_assessment WHERE id = {side}.assessment_id)"
            " = 'approved'"
        )

    def abort(operation, table):
        return f"BEGIN SELECT RAISE(ABORT, '{MESSAGE} ({operation} of {table} refused)'); END;"

    statements = []
    for table in TABLES:
        statements += [
            f"CREATE TRIGGER {table}_approved_insert BEFORE INSERT ON {table} "
            f"WHEN {approved('NEW')} {abort('INSERT', table)}",
            f"CREATE TRIGGER {table}_approved_update BEFORE UPDATE ON {table} "
            f"WHEN {approved('OLD')} OR {approved('NEW')} {abort('UPDATE', table)}",
            f"CREATE TRIGGER {table}_approved_delete BEFORE DELETE ON {table} "
            f"WHEN {approved('OLD')} {abort('DELETE', table)}",
        ]
    return statements


def _sqlite_reverse():
    return [
        f"DROP TRIGGER IF EXISTS {table}_approved_{op};"
        for table in TABLES
        for op in ("insert", "update", "delete")
    ]


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
    dependencies = [("assessments", "0003_audit_log_append_only")]

    operations = [migrations.RunPython(forwards, backwards)]
