from django.core.management.base import BaseCommand, CommandError

from config.errors import DomainError
from frameworks.diff import diff_documents, render_text
from frameworks.services import find_version, version_document


class Command(BaseCommand):
    help = (
        "Show what changed between two versions of a framework, matched by stable keys (and "
        "by the later version's crosswalk when it derives from the earlier one)."
    )

    def add_arguments(self, parser):
        parser.add_argument("framework", help="The framework's key, e.g. wgll.")
        parser.add_argument("old", help="The earlier version, e.g. 1.0.0.")
        parser.add_argument("new", help="The later version, e.g. 2.0.0.")

    def handle(self, *args, framework, old, new, **options):
        try:
            earlier, later = find_version(framework, old), find_version(framework, new)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        diff = diff_documents(
            version_document(version=earlier),
            version_document(version=later),
            crosswalk=later.based_on_id == earlier.pk,  # its crosswalk names earlier's questions
        )
        self.stdout.write(render_text(diff), ending="")
