"""Importing organisations from a CSV file: all or nothing, every problem reported by row.

The file has a header row naming five columns, in any order:

    ods_code, name, care_setting, system_code, host

One row per organisation and system it belongs to; `host` is "yes" on exactly one row of
each organisation (its host system) and "no" (or empty) on the others. Importing adds what is
missing and updates names, care settings and host systems; memberships of systems not in the
file are left as they are. Importing the same file again changes nothing.

Only a national administrator imports (`access.may_change_reference`), whichever door the file
comes through; `by` is None only for the command line. Each import that changes something is
in the administration log, with its counts and the ODS codes added and renamed.
"""

from dataclasses import dataclass

from django.db import transaction

from config.errors import DomainError, Problem

from .. import access
from ..models import AdminEvent, Organisation, SystemMembership, today
from .administration import admin_log
from .errors import NotAllowed
from .organisation_file import COLUMNS, Row, parse_organisations_file, validate_organisations_file

__all__ = [
    "COLUMNS",
    "ImportResult",
    "OrganisationImportError",
    "Problem",
    "organisations_import",
    "validate_organisations_file",
]


class OrganisationImportError(DomainError):
    """The file was refused. `messages` lists every problem, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.messages = [str(p) for p in problems]
        count = len(problems)
        super().__init__(
            f"The file was not imported: {count} problem{'s' if count != 1 else ''} "
            "found, nothing was written.\n" + "\n".join(self.messages)
        )


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    memberships_added: int
    hosts_changed: int

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.memberships_added or self.hosts_changed)

    def __str__(self) -> str:
        return (
            f"{self.created} organisation(s) added, {self.updated} updated and "
            f"{self.unchanged} unchanged; {self.memberships_added} system membership(s) "
            f"added and {self.hosts_changed} host system(s) changed."
        )


@transaction.atomic
def organisations_import(*, data: bytes, by) -> ImportResult:
    if by is not None and not access.may_change_reference(by):
        raise NotAllowed("Only a national administrator can import organisations.")
    rows, problems = parse_organisations_file(data)
    if problems:
        raise OrganisationImportError(problems)

    by_code: dict[str, Row] = {}
    for row in rows:
        by_code.setdefault(row.ods_code, row)
    existing = {
        o.ods_code: o for o in Organisation.objects.select_for_update().filter(ods_code__in=by_code)
    }
    created, updated = [], []
    for code, row in by_code.items():
        organisation = existing.get(code)
        if organisation is None:
            organisation = Organisation(ods_code=code, name=row.name, care_setting=row.care_setting)
            organisation.full_clean(validate_unique=False)
            created.append(organisation)
        elif (organisation.name, organisation.care_setting) != (row.name, row.care_setting):
            organisation.name, organisation.care_setting = row.name, row.care_setting
            organisation.full_clean(validate_unique=False)
            updated.append(organisation)
    Organisation.objects.bulk_update(updated, ["name", "care_setting"])
    Organisation.objects.bulk_create(created)
    new_codes = {o.ods_code for o in created}
    organisations = {o.ods_code: o for o in Organisation.objects.filter(ods_code__in=by_code)}

    open_memberships = {
        (m.organisation_id, m.system_id): m
        for m in SystemMembership.objects.select_for_update().filter(
            organisation__in=organisations.values(), valid_to__isnull=True
        )
    }
    host_of = {organisations[r.ods_code].pk: r.system.pk for r in rows if r.host}
    unhost, rehost = [], []
    for (organisation_id, system_id), membership in open_memberships.items():
        should_host = host_of[organisation_id] == system_id
        if membership.is_host and not should_host:
            membership.is_host = False
            unhost.append(membership)
        elif should_host and not membership.is_host:
            membership.is_host = True
            rehost.append(membership)
    # One open host per organisation at every moment: drop old hosts before naming new ones.
    SystemMembership.objects.bulk_update(unhost, ["is_host"])
    SystemMembership.objects.bulk_update(rehost, ["is_host"])

    on = today()
    added = []
    for row in rows:
        organisation = organisations[row.ods_code]
        if (organisation.pk, row.system.pk) in open_memberships:
            continue
        # A new organisation is taken to have belonged since its system began; an existing
        # one joins today.
        starts = (
            row.system.valid_from if row.ods_code in new_codes else max(on, row.system.valid_from)
        )
        added.append(
            SystemMembership(
                organisation=organisation, system=row.system, is_host=row.host, valid_from=starts
            )
        )
    SystemMembership.objects.bulk_create(added)
    result = ImportResult(
        created=len(created),
        updated=len(updated),
        unchanged=len(by_code) - len(created) - len(updated),
        memberships_added=len(added),
        hosts_changed=len(rehost)
        + sum(1 for m in added if m.is_host and m.organisation.ods_code not in new_codes),
    )
    if result.changed_anything:
        admin_log(
            by=by,
            action=AdminEvent.Action.ORGANISATIONS_IMPORTED,
            subject=str(result),
            after={
                "added": sorted(o.ods_code for o in created),
                "updated": sorted(o.ods_code for o in updated),
                "memberships_added": len(added),
                "hosts_changed": result.hosts_changed,
            },
        )
    return result
