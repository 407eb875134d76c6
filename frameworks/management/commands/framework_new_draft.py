from django.core.management.base import BaseCommand, CommandError

from config.errors import DomainError
from frameworks.services import find_version, version_create_draft


class Command(BaseCommand):
    help = (
        "Start a new draft version of a framework as a copy of a published one; change it by "
        "exporting it, editing the file and importing it with --replace-draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("framework", help="The framework's key, e.g. wgll.")
        parser.add_argument("from_version", help="The published version to copy, e.g. 2.0.0.")
        parser.add_argument("version", help="The new draft's version number, e.g. 2.1.0.")
        parser.add_argument("--notes", default="", help="What will change in the new version.")

    def handle(self, *args, framework, from_version, version, notes, **options):
        try:
            draft = version_create_draft(
                from_version=find_version(framework, from_version),
                version=version,
                change_notes=notes,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Started {draft} as a draft, based on version {from_version}.")
