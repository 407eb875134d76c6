from django.core.management.base import BaseCommand, CommandError

from config.errors import DomainError
from frameworks.services import find_version, version_publish


class Command(BaseCommand):
    help = "Publish a draft framework version. Once published, it never changes."

    def add_arguments(self, parser):
        parser.add_argument("framework", help="The framework's key, e.g. wgll.")
        parser.add_argument("version", help="The draft version to publish, e.g. 2.1.0.")

    def handle(self, *args, framework, version, **options):
        try:
            published = version_publish(version=find_version(framework, version))
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Published {published} (checksum {published.checksum[:12]}).")
