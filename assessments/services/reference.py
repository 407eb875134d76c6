"""Reference data: the NHS regions and the 42 ICBs of July 2022, from the project's own copy."""

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from config.errors import DomainError

from ..models import Region, System

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
REGIONS_FILE = "nhs_regions.csv"
SYSTEMS_FILE = "icbs_2022.csv"


@dataclass(frozen=True)
class ReferenceLoadResult:
    regions_created: int
    systems_created: int

    def __str__(self) -> str:
        return (
            f"{self.regions_created} region(s) and {self.systems_created} system(s) added; "
            "the rest were already there."
        )


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@transaction.atomic
def reference_data_load(*, directory: Path = DATA_DIR) -> ReferenceLoadResult:
    """Add the regions and systems that are missing. Those already there are left as they are,
    so a merger recorded since (an ended system) is never undone by loading again."""
    regions = {r.ods_code: r for r in Region.objects.all()}
    new_regions = []
    for row in _rows(directory / REGIONS_FILE):
        if row["ods_code"] not in regions:
            region = Region(ods_code=row["ods_code"], ons_code=row["ons_code"], name=row["name"])
            region.full_clean()
            new_regions.append(region)
    for region in Region.objects.bulk_create(new_regions):
        regions[region.ods_code] = region

    existing = set(System.objects.values_list("ods_code", flat=True))
    new_systems = []
    for row in _rows(directory / SYSTEMS_FILE):
        if row["ods_code"] in existing:
            continue
        region = regions.get(row["region_ods_code"])
        if region is None:
            raise DomainError(
                f"{SYSTEMS_FILE}: {row['ods_code']} names the region "
                f"{row['region_ods_code']}, which is not in {REGIONS_FILE}."
            )
        system = System(
            ods_code=row["ods_code"],
            ons_code=row["ons_code"],
            name=row["name"],
            region=region,
            valid_from=_date(row["valid_from"]),
            valid_to=_date(row["valid_to"]),
        )
        system.full_clean()
        new_systems.append(system)
    System.objects.bulk_create(new_systems)
    return ReferenceLoadResult(len(new_regions), len(new_systems))
