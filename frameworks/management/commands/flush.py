"""Django's `flush`, deleting the frameworks first on SQLite.

SQLite's freeze triggers (migration 0005) refuse deleting a published version, or its content,
while the version's framework row exists; PostgreSQL's flush uses TRUNCATE, which row triggers
do not see. Django's flush deletes tables in no fixed order, so on SQLite the frameworks' rows
go first, in the same transaction (foreign keys are checked at its end, when all is empty).
"""

from django.core.management.commands import flush
from django.db import connections, transaction


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        if options["interactive"]:
            answer = input(
                f"This will IRREVERSIBLY DESTROY all data in the {connection.settings_dict['NAME']}"
                " database. Type 'yes' to continue, or 'no' to cancel: "
            )
            if answer != "yes":
                self.stdout.write("Flush cancelled.")
                return
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM frameworks_framework")
            return super().handle(**{**options, "interactive": False})
