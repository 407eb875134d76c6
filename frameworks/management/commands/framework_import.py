from django.core.management.base import BaseCommand, CommandError

from config.errors import DomainError
from frameworks.services import FrameworkImportError, import_file


class Command(BaseCommand):
    help = "Validate framework YAML files and import each as a new version (see SCHEMA.md)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Framework files to import.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish each version once imported."
        )
        parser.add_argument(
            "--replace-draft",
            action="store_true",
            help="A file whose version is already a draft replaces that draft's content.",
        )

    def handle(self, *args, files, publish, replace_draft, **options):
        failed = []
        for path in files:
            try:
                version = import_file(path, publish=publish, replace_draft=replace_draft)
            except FrameworkImportError as exc:
                failed.append(path)
                self.stderr.write(exc.message)
                continue
            except DomainError as exc:
                failed.append(path)
                self.stderr.write(f"{path}: {exc.message}")
                continue
            self.stdout.write(
                f"Imported {version} as {version.get_status_display().lower()} from {path}."
            )
        if failed:
            raise CommandError(f"{len(failed)} of {len(files)} file(s) were not imported.")
