"""Kept figures are never stale: whoever writes to a table the figures read (a service, the
admin, a bulk update, raw SQL), the database bumps reports_figuresgeneration in the same
transaction, and kept figures computed at an older generation are computed again on read.

Watched: frozen scores, assessments (inserted, deleted, or a change of round, organisation,
care setting or status), system memberships and systems. PostgreSQL bumps once per statement
(row triggers only for assessment updates, so that saving an answer, which touches the
assessment's other columns, never does); SQLite has row triggers only, and leaves question
scores out. The counter is upserted, so it comes back after a flush.
"""

from django.db import migrations

BUMP = (
    "INSERT INTO reports_figuresgeneration (id, value) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET value = reports_figuresgeneration.value + 1"
)
STATEMENT_TABLES = ("assessments_score", "assessments_systemmembership", "assessments_system")
ASSESSMENT_CHANGED = (
    "OLD.status IS DISTINCT FROM NEW.status OR OLD.care_setting IS DISTINCT FROM NEW.care_setting"
    " OR OLD.round_id IS DISTINCT FROM NEW.round_id"
    " OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id"
)

POSTGRESQL = [
    f"""
    CREATE FUNCTION reports_figures_generation_bump() RETURNS trigger AS $$
    BEGIN
        {BUMP};
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql;
    """,
    *(
        f"CREATE TRIGGER {table}_figures AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION reports_figures_generation_bump();"
        for table in STATEMENT_TABLES
    ),
    "CREATE TRIGGER assessments_assessment_figures AFTER INSERT OR DELETE OR TRUNCATE ON "
    "assessments_assessment FOR EACH STATEMENT EXECUTE FUNCTION reports_figures_generation_bump();",
    "CREATE TRIGGER assessments_assessment_figures_update AFTER UPDATE ON assessments_assessment "
    f"FOR EACH ROW WHEN ({ASSESSMENT_CHANGED}) "
    "EXECUTE FUNCTION reports_figures_generation_bump();",
]
POSTGRESQL_REVERSE = [
    *(f"DROP TRIGGER IF EXISTS {table}_figures ON {table};" for table in STATEMENT_TABLES),
    "DROP TRIGGER IF EXISTS assessments_assessment_figures ON assessments_assessment;",
    "DROP TRIGGER IF EXISTS assessments_assessment_figures_update ON assessments_assessment;",
    "DROP FUNCTION IF EXISTS reports_figures_generation_bump();",
]

# (table, event, condition) for SQLite's row triggers.
SQLITE_TRIGGERS = [
    ("assessments_score", "INSERT", "NEW.kind <> 'question'"),
    ("assessments_score", "UPDATE", ""),
    ("assessments_score", "DELETE", "OLD.kind <> 'question'"),
    ("assessments_assessment", "INSERT", ""),
    ("assessments_assessment", "UPDATE", ASSESSMENT_CHANGED.replace("IS DISTINCT FROM", "IS NOT")),
    ("assessments_assessment", "DELETE", ""),
    *((table, event, "") for table in STATEMENT_TABLES[1:] for event in ("INSERT", "UPDATE", "DELETE")),
]
SQLITE = [
    f"CREATE TRIGGER {table}_figures_{event.lower()} AFTER {event} ON {table} "
    f"{f'WHEN {condition} ' if condition else ''}BEGIN {BUMP}; END;"
    for table, event, condition in SQLITE_TRIGGERS
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {table}_figures_{event.lower()};" for table, event, _ in SQLITE_TRIGGERS
]


def forwards(apps, schema_editor):
    apps.get_model("reports", "FiguresGeneration").objects.update_or_create(pk=1)
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    statements = {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_precomputed_figures"),
        ("assessments", "0005_score_figures_index"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
