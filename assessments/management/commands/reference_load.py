from django.core.management.base import BaseCommand

from assessments.services import reference_data_load


class Command(BaseCommand):
    help = "Add the NHS regions and the 42 ICBs of 2022 that are missing (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write(str(reference_data_load()))
