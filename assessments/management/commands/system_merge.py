import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Region
from assessments.services import MergerError, system_merge


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: use the form 2026-04-01.") from None


class Command(BaseCommand):
    help = (
        "Record a merger: end the old systems the day before --on, create the successor and "
        "move their member organisations to it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--into", required=True, help="ODS code of the new system.")
        parser.add_argument("--name", required=True, help="Name of the new system.")
        parser.add_argument(
            "--from",
            required=True,
            nargs="+",
            dest="from_codes",
            help="ODS codes of the systems that merge.",
        )
        parser.add_argument(
            "--on", required=True, type=_date, help="First day of the new system, e.g. 2026-04-01."
        )
        parser.add_argument(
            "--region",
            help="ODS code of the new system's region, if the "
            "merged systems are in different regions.",
        )
        parser.add_argument("--ons-code", default="", help="ONS code of the new system.")

    def handle(self, *args, into, name, from_codes, on, region, ons_code, **options):
        region_obj = None
        if region:
            region_obj = Region.objects.filter(ods_code=region.upper()).first()
            if region_obj is None:
                raise CommandError(f"There is no region with the code {region}.")
        try:
            result = system_merge(
                into_code=into,
                name=name,
                from_codes=from_codes,
                on=on,
                region=region_obj,
                ons_code=ons_code,
            )
        except MergerError as exc:
            raise CommandError(f"Nothing was changed: {exc.message}") from None
        self.stdout.write(str(result))
