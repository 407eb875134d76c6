from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.errors import DomainError
from frameworks.services import find_version, version_export


class Command(BaseCommand):
    help = "Write a framework version as YAML, in the format framework_import reads."

    def add_arguments(self, parser):
        parser.add_argument("framework", help="The framework's key, e.g. wgll.")
        parser.add_argument("version", help="The version, e.g. 1.0.0.")
        parser.add_argument("-o", "--output", help="File to write (default: standard output).")

    def handle(self, *args, framework, version, output, **options):
        try:
            text = version_export(version=find_version(framework, version))
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {framework} {version} to {output}.")
        else:
            self.stdout.write(text, ending="")
