"""An agreed plan version never changes, and a plan's history is append-only: in the database
as well as the ORM (`reports.plans.models`).

Refused: any update of an agreed version's row; inserting, updating (or, on PostgreSQL,
deleting) the targets and actions of an agreed version; updating (or, on PostgreSQL, deleting)
a history event. SQLite leaves DELETE to the ORM guard, because Django empties test databases
with DELETE there (PostgreSQL uses TRUNCATE, which row triggers do not see), like the frozen
framework versions (frameworks 0002).
"""

from django.db import migrations

CONTENT_TABLES = ["reports_plantarget", "reports_planaction"]
MESSAGE = "'Agreed plan versions and plan history never change: % refused'"


def _postgresql():
    statements = [
        f"""
        CREATE FUNCTION waymark_plan_content_frozen() RETURNS trigger AS $$
        BEGIN
            IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM reports_planversion
                                             WHERE id = OLD.version_id AND status = 'agreed') THEN
                RAISE EXCEPTION {MESSAGE}, TG_OP;
            END IF;
            IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM reports_planversion
                                             WHERE id = NEW.version_id AND status = 'agreed') THEN
                RAISE EXCEPTION {MESSAGE}, TG_OP;
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        """,
        f"""
        CREATE FUNCTION waymark_plan_version_frozen() RETURNS trigger AS $$
        BEGIN
            IF OLD.status = 'agreed' THEN
                RAISE EXCEPTION {MESSAGE}, TG_OP;
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        """,
        f"""
        CREATE FUNCTION waymark_plan_event_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION {MESSAGE}, TG_OP;
        END;
        $$ LANGUAGE plpgsql;
        """,
        """
        CREATE TRIGGER reports_planversion_frozen BEFORE UPDATE OR DELETE ON reports_planversion
        FOR EACH ROW EXECUTE FUNCTION waymark_plan_version_frozen();
        """,
        """
        CREATE TRIGGER reports_planevent_append_only BEFORE UPDATE OR DELETE ON reports_planevent
        FOR EACH ROW EXECUTE FUNCTION waymark_plan_event_append_only();
        """,
    ]
    statements += [
        f"""
        CREATE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION waymark_plan_content_frozen();
        """
        for table in CONTENT_TABLES
    ]
    return statements


def _postgresql_reverse():
    return (
        [f"DROP TRIGGER IF EXISTS {t}_frozen ON {t};" for t in CONTENT_TABLES]
        + [
            "DROP TRIGGER IF EXISTS reports_planversion_frozen ON reports_planversion;",
            "DROP TRIGGER IF EXISTS reports_planevent_append_only ON reports_planevent;",
        ]
        + [
            f"DROP FUNCTION IF EXISTS {name}();"
            for name in (
                "waymark_plan_content_frozen",
                "waymark_plan_version_frozen",
                "waymark_plan_event_append_only",
            )
        ]
    )


def _sqlite():
    def agreed(side):
        return f"(SELECT status FROM reports_planversion WHERE id = {side}.version_id) = 'agreed'"

    def abort(operation):
        return f"BEGIN SELECT RAISE(ABORT, {MESSAGE.replace('%', operation)}); END;"

    statements = []
    for table in CONTENT_TABLES:
        statements.append(
            f"CREATE TRIGGER {table}_frozen_insert BEFORE INSERT ON {table} "
            f"WHEN {agreed('NEW')} {abort('INSERT')}"
        )
        statements.append(
            f"CREATE TRIGGER {table}_frozen_update BEFORE UPDATE ON {table} "
            f"WHEN {agreed('OLD')} OR {agreed('NEW')} {abort('UPDATE')}"
        )
    statements.append(
        "CREATE TRIGGER reports_planversion_frozen_update BEFORE UPDATE ON reports_planversion "
        f"WHEN OLD.status = 'agreed' {abort('UPDATE')}"
    )
    statements.append(
        "CREATE TRIGGER reports_planevent_append_only_update BEFORE UPDATE ON reports_planevent "
        f"{abort('UPDATE')}"
    )
    return statements


def _sqlite_reverse():
    names = [f"{t}_frozen_{op}" for t in CONTENT_TABLES for op in ("insert", "update")]
    names += ["reports_planversion_frozen_update", "reports_planevent_append_only_update"]
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": _postgresql, "sqlite": _sqlite}.get(vendor, list)():
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    reverse = {"postgresql": _postgresql_reverse, "sqlite": _sqlite_reverse}
    for statement in reverse.get(vendor, list)():
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_transformation_plans")]

    operations = [migrations.RunPython(forwards, backwards)]
