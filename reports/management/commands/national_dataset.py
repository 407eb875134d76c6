"""Load a national-scale synthetic dataset (see reports.dataset): 42 systems, about 7,000
organisations and three rounds of approved assessments with frozen scores."""

from django.core.management.base import BaseCommand, CommandError

from config.errors import DomainError
from reports.dataset import SEED, national_dataset_load


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=SEED, help="The same seed, the same rows.")
        parser.add_argument(
            "--practices",
            type=int,
            default=150,
            help="Typical number of general practices per system (uneven around it).",
        )

    def handle(self, *args, seed, practices, **options):
        try:
            result = national_dataset_load(seed=seed, gp_per_system=practices)
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(result))
