from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.services import OrganisationImportError, organisations_import


class Command(BaseCommand):
    help = (
        "Import organisations from a CSV file with the columns ods_code, name, care_setting, "
        "system_code, host. All or nothing; every problem is reported with its row."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        try:
            result = organisations_import(data=data, by=None)
        except OrganisationImportError as exc:
            self.stderr.write(f"{file}: {exc.message}")
            raise CommandError(f"{file} was not imported.") from None
        self.stdout.write(f"{file}: {result}")
