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

import csv
import io
from dataclasses import dataclass

from django.db import transaction

from config.errors import DomainError, Problem

from .. import access
from ..models import (
    AdminEvent,
    Organisation,
    OrganisationCareSetting,
    System,
    SystemMembership,
    today,
)
from .administration import admin_log
from .errors import NotAllowed

COLUMNS = ("ods_code", "name", "care_setting", "system_code", "host")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
CARE_SETTING_CODES = ", ".join(OrganisationCareSetting.values)


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


@dataclass
class _Row:
    number: int
    ods_code: str
    name: str
    care_setting: str
    system: System | None
    host: bool


def _decode(data: bytes) -> tuple[str | None, list[Problem]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    problems = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = line[exc.start : exc.start + 1].hex()
            problems.append(
                Problem(
                    number,
                    None,
                    (
                        f"the file is not UTF-8 text (byte 0x{bad} at character {exc.start + 1}). "
                        'Save it as "CSV UTF-8" and import it again.'
                    ),
                )
            )
    return None, problems


def _care_setting(value: str) -> str | None:
    wanted = value.strip().lower().replace("-", " ")
    for code, label in OrganisationCareSetting.choices:
        if wanted in (code.replace("_", " "), label.lower()):
            return code
    return None


def _parse(data: bytes) -> tuple[list[_Row], list[Problem]]:
    if not data.strip():
        return [], [
            Problem(
                None,
                None,
                f"The file is empty. Its first row must name the columns: {', '.join(COLUMNS)}.",
            )
        ]
    text, problems = _decode(data)
    if text is None:
        return [], problems
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        lines = list(reader)
    except csv.Error as exc:
        return [], [Problem(reader.line_num, None, f"this is not a valid CSV row ({exc}).")]
    header = [name.strip().lower() for name in lines[0]]
    missing = [c for c in COLUMNS if c not in header]
    unexpected = [c for c in header if c not in COLUMNS]
    duplicated = sorted({c for c in header if c in COLUMNS and header.count(c) > 1})
    if missing or unexpected or duplicated:
        details = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unexpected {', '.join(repr(c) for c in unexpected)}" if unexpected else "",
                f"repeated {', '.join(duplicated)}" if duplicated else "",
            )
            if part
        )
        return [], [Problem(1, None, f"the columns must be {', '.join(COLUMNS)} ({details}).")]
    position = {name: header.index(name) for name in COLUMNS}

    systems = {s.ods_code: s for s in System.objects.prefetch_related("replaced_by")}
    on = today()
    rows: list[_Row] = []
    for number, values in enumerate(lines[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(COLUMNS):
            problems.append(
                Problem(number, None, f"expected {len(COLUMNS)} values, found {len(values)}.")
            )
            continue
        cell = {name: values[i].strip() for name, i in position.items()}
        row_problems = []

        ods_code = cell["ods_code"].upper()
        if not ods_code:
            row_problems.append(("ods_code", "enter the organisation's ODS code."))
        elif not (3 <= len(ods_code) <= 10 and ods_code.isascii() and ods_code.isalnum()):
            row_problems.append(
                (
                    "ods_code",
                    f"{cell['ods_code']!r} is not an ODS code: use 3 to "
                    "10 letters and digits, such as RXX.",
                )
            )
        if not cell["name"]:
            row_problems.append(("name", "enter the organisation's name."))
        elif len(cell["name"]) > 200:
            row_problems.append(("name", "the name is longer than 200 characters."))
        care_setting = _care_setting(cell["care_setting"])
        if care_setting is None:
            shown = (
                f"{cell['care_setting']!r} is not a care setting"
                if cell["care_setting"]
                else "enter the care setting"
            )
            row_problems.append(("care_setting", f"{shown}: use one of {CARE_SETTING_CODES}."))
        system_code = cell["system_code"].upper()
        system = systems.get(system_code)
        if not system_code:
            row_problems.append(("system_code", "enter the ODS code of the system it belongs to."))
        elif system is None:
            row_problems.append(
                ("system_code", f"there is no system with the code {cell['system_code']!r}.")
            )
        elif not system.is_current(on):
            successors = ", ".join(s.ods_code for s in system.replaced_by.all())
            row_problems.append(
                (
                    "system_code",
                    f"{system_code} ended on "
                    f"{system.valid_to:%-d %B %Y}"
                    + (f": use {successors}, which replaced it." if successors else "."),
                )
            )
        host = cell["host"].lower()
        if host not in YES | NO:
            row_problems.append(("host", f"{cell['host']!r} is not yes or no."))

        problems.extend(Problem(number, column, message) for column, message in row_problems)
        if not row_problems:
            rows.append(_Row(number, ods_code, cell["name"], care_setting, system, host in YES))

    if len(lines) < 2 or not any(any(v.strip() for v in values) for values in lines[1:]):
        problems.append(Problem(None, None, "The file has a header row but no organisations."))
    problems.extend(_cross_row_problems(rows))
    problems.sort(key=lambda p: (p.row or 0, COLUMNS.index(p.column) if p.column else -1))
    return rows, problems


def _cross_row_problems(rows: list[_Row]) -> list[Problem]:
    problems = []
    first_row: dict[str, _Row] = {}
    seen_pairs: dict[tuple[str, str], int] = {}
    hosts: dict[str, list[int]] = {}
    for row in rows:
        pair = (row.ods_code, row.system.ods_code)
        if pair in seen_pairs:
            problems.append(
                Problem(
                    row.number,
                    "ods_code",
                    (
                        f"{row.ods_code} is already listed in {row.system.ods_code} on row "
                        f"{seen_pairs[pair]}."
                    ),
                )
            )
            continue
        seen_pairs[pair] = row.number
        first = first_row.setdefault(row.ods_code, row)
        if row.name != first.name:
            problems.append(
                Problem(
                    row.number,
                    "name",
                    (
                        f"{row.ods_code} is named {first.name!r} on row {first.number}; "
                        "use the same name on every row of an organisation."
                    ),
                )
            )
        if row.care_setting != first.care_setting:
            problems.append(
                Problem(
                    row.number,
                    "care_setting",
                    (
                        f"{row.ods_code} has the care setting {first.care_setting} on row "
                        f"{first.number}; use the same care setting on every row of an organisation."
                    ),
                )
            )
        hosts.setdefault(row.ods_code, [])
        if row.host:
            hosts[row.ods_code].append(row.number)
    for ods_code, host_rows in hosts.items():
        if not host_rows:
            first = first_row[ods_code]
            problems.append(
                Problem(
                    first.number,
                    "host",
                    (
                        f"{ods_code} has no host system: put yes in the host column of one of its rows."
                    ),
                )
            )
        for extra in host_rows[1:]:
            problems.append(
                Problem(
                    extra,
                    "host",
                    (
                        f"{ods_code} already has a host system on row {host_rows[0]}: "
                        "an organisation has only one."
                    ),
                )
            )
    return problems


def validate_organisations_file(data: bytes) -> list[Problem]:
    """Every problem with the file, without writing anything."""
    return _parse(data)[1]


@transaction.atomic
def organisations_import(*, data: bytes, by) -> ImportResult:
    if by is not None and not access.may_change_reference(by):
        raise NotAllowed("Only a national administrator can import organisations.")
    rows, problems = _parse(data)
    if problems:
        raise OrganisationImportError(problems)

    by_code: dict[str, _Row] = {}
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
