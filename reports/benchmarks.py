"""Import a published national results workbook as a benchmark ("national published").

The file is shaped like NHS England's 2025 pillar summary: some title rows, then a header row
with the columns Region, ICS, Provider and Care Setting, then one column per success measure
under its published label ("Well Led", "Support Workforce", ...). Import is in two steps:
`benchmark_preview` reads and checks everything and writes nothing; `benchmark_import` writes the
whole file in one transaction, or nothing if any row has a problem.

- The header is found by its column names in the first rows of any sheet, not at a fixed row.
- Measure columns are matched to the framework version's success measures by their labels in
  any version of the framework (stable keys), then by `WAYMARK_BENCHMARK_LABELS` (a setting:
  published label -> measure key) for names a framework does not use.
- Providers and systems are matched by ODS code (a code column, or a code in brackets after the
  name) or by normalised name; regions by name. Blanks and "n/a" are missing values; anything
  else must be a number from 1 to 5.
- Every problem names its row (as the spreadsheet numbers it) and column.
- Hostile files: size-capped, zip bombs refused before opening, XML read by defusedxml (which
  openpyxl uses when it is installed), rows and columns capped, a CSV renamed .xlsx refused.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction

from assessments.models import Organisation, OrganisationCareSetting, Region, System
from config.errors import DomainError
from frameworks.models import FrameworkVersion, Measure

from .models import Benchmark, BenchmarkScore

MAX_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 100
HEADER_SEARCH_ROWS = 30
MAX_PROBLEMS = 200

REQUIRED = {
    "region": "Region",
    "ics": "ICS",
    "provider": "Provider",
    "care_setting": "Care Setting",
}
COLUMN_ALIASES = {
    "region": "region",
    "nhs region": "region",
    "ics": "ics",
    "ics name": "ics",
    "icb": "ics",
    "system": "ics",
    "provider": "provider",
    "provider name": "provider",
    "organisation": "provider",
    "organisation name": "provider",
    "care setting": "care_setting",
    "setting": "care_setting",
    "provider code": "provider_code",
    "ods code": "provider_code",
    "org code": "provider_code",
    "organisation code": "provider_code",
}
MISSING = {"", "n/a", "na", "-", "n.a.", "not applicable", "not available"}
SETTING_WORDS = {
    "acute": "acute",
    "acute trust": "acute",
    "mental health": "mental_health",
    "mental health trust": "mental_health",
    "community": "community",
    "community trust": "community",
    "ambulance": "ambulance",
    "ambulance trust": "ambulance",
    "icb": "icb",
    "integrated care board": "icb",
    "general practice": "general_practice",
    "gp": "general_practice",
    "primary care": "general_practice",
    "social care": "social_care",
}
CODE_IN_BRACKETS = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[A-Za-z0-9]{3,10})\)\s*$")


class BenchmarkImportError(DomainError):
    """The file was refused: `problems` lists every problem found, nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"The file was not imported: {count} problem{'s' if count != 1 else ''} found, "
            "nothing was written."
        )


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        where = f"Row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class Row:
    number: int
    organisation: Organisation
    system: System
    care_setting: str
    scores: dict[str, Decimal]  # measure key -> score


@dataclass
class Preview:
    """What an import would write, and every problem that stops it."""

    file_name: str
    checksum: str
    sheet: str = ""
    header_row: int = 0
    measures: list[tuple[str, Measure]] = field(default_factory=list)  # column label, measure
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, column, message))
        else:
            self.more_problems += 1

    def counts_by_setting(self) -> list[tuple[str, int]]:
        labels = dict(OrganisationCareSetting.choices)
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.care_setting] = counts.get(row.care_setting, 0) + 1
        return [(labels.get(k, k), n) for k, n in sorted(counts.items())]

    def counts_by_region(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.system.region.name] = counts.get(row.system.region.name, 0) + 1
        return sorted(counts.items())

    @property
    def score_count(self) -> int:
        return sum(len(row.scores) for row in self.rows)


def normalise(text: str) -> str:
    """Lower case, "&" as "and", punctuation and repeated spaces gone."""
    text = str(text).lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def system_key(name: str) -> str:
    """A system's name without the words that vary between files ("NHS", "ICB", "ICS", ...)."""
    words = normalise(name)
    for suffix in (" integrated care board", " integrated care system", " icb", " ics"):
        if words.endswith(suffix):
            words = words[: -len(suffix)]
    if words.startswith("nhs "):
        words = words[4:]
    return words


# --- reading the file ------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_rows(content: bytes, file_name: str) -> Iterator[tuple[str, Iterator[list]]]:
    """(sheet name, rows) for each sheet of the file, after checking what the file really is."""
    lower = file_name.lower()
    is_zip = content[:4] == b"PK\x03\x04"
    if lower.endswith(".xlsx"):
        if not is_zip:
            kind = "a CSV or text file" if _looks_like_text(content) else "not a workbook"
            raise BenchmarkImportError(
                [
                    Problem(
                        None,
                        None,
                        f"{file_name} is called .xlsx but is {kind}. Save it from Excel as an "
                        "Excel workbook (.xlsx), or upload a CSV file named .csv.",
                    )
                ]
            )
        return _xlsx_sheets(content, file_name)
    if lower.endswith(".csv"):
        if is_zip or not _looks_like_text(content):
            raise BenchmarkImportError(
                [Problem(None, None, f"{file_name} is called .csv but is not a text file.")]
            )
        return iter([("CSV", _csv_rows(content))])
    raise BenchmarkImportError(
        [Problem(None, None, "Upload an Excel workbook (.xlsx) or a CSV file (.csv).")]
    )


def _looks_like_text(content: bytes) -> bool:
    sample = content[:4096]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start > len(sample) - 4  # a character cut at the sample's end
    return True


def _xlsx_sheets(content: bytes, file_name: str):
    from openpyxl import load_workbook  # imported here: only imports need it

    refused = Problem(None, None, f"{file_name} could not be read as an Excel workbook (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise BenchmarkImportError([refused]) from None
    if "xl/workbook.xml" not in names:
        raise BenchmarkImportError([refused])
    if unzipped > MAX_UNZIPPED_BYTES:
        raise BenchmarkImportError(
            [Problem(None, None, f"{file_name} unpacks to more than 100 MB: too big to import.")]
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        raise BenchmarkImportError([refused]) from None

    def rows(sheet):
        try:
            for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                yield list(values)
        except BenchmarkImportError:
            raise
        except Exception:  # damaged or hostile XML inside the workbook (defusedxml refuses it)
            raise BenchmarkImportError([refused]) from None

    return ((sheet.title, rows(sheet)) for sheet in workbook.worksheets)


def _csv_rows(content: bytes) -> Iterator[list]:
    text = content.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            yield row[:MAX_COLUMNS]
    except csv.Error:
        return


# --- matching --------------------------------------------------------------------------------


def _measure_labels(version: FrameworkVersion) -> dict[str, Measure]:
    """Normalised label -> measure of `version`, from every version's labels by stable key and
    the WAYMARK_BENCHMARK_LABELS setting."""
    measures = {m.key: m for m in Measure.objects.filter(version=version)}
    labels: dict[str, Measure] = {}
    for key, label in Measure.objects.filter(
        version__framework_id=version.framework_id, key__in=measures
    ).values_list("key", "label"):
        labels[normalise(label)] = measures[key]
    for label, key in getattr(settings, "WAYMARK_BENCHMARK_LABELS", {}).items():
        if key in measures:
            labels[normalise(label)] = measures[key]
    return labels


class _Directory:
    """Organisations, systems and regions by code and normalised name (a few queries)."""

    def __init__(self):
        organisations = list(Organisation.objects.all())
        self.org_by_code = {o.ods_code: o for o in organisations}
        self.org_by_name: dict[str, list[Organisation]] = {}
        for organisation in organisations:
            self.org_by_name.setdefault(normalise(organisation.name), []).append(organisation)
        systems = list(System.objects.select_related("region"))
        self.system_by_code = {s.ods_code: s for s in systems}
        self.system_by_name: dict[str, list[System]] = {}
        for system in systems:
            self.system_by_name.setdefault(system_key(system.name), []).append(system)
        self.region_by_name = {normalise(r.name): r for r in Region.objects.all()}

    def organisation(self, text: str, code: str) -> tuple[Organisation | None, str]:
        match = CODE_IN_BRACKETS.match(text)
        if not code and match:
            code = match["code"]
            text = match["name"]
        if code:
            found = self.org_by_code.get(code.upper())
            return found, "" if found else f"no organisation has the ODS code {code.upper()}"
        candidates = self.org_by_name.get(normalise(text), [])
        if len(candidates) == 1:
            return candidates[0], ""
        if candidates:
            codes = ", ".join(sorted(o.ods_code for o in candidates))
            return (
                None,
                f"{len(candidates)} organisations are called {text!r} ({codes}): add its ODS code",
            )
        return None, f"no organisation is called {text!r}"

    def system(self, text: str) -> tuple[System | None, str]:
        match = CODE_IN_BRACKETS.match(text)
        if match and match["code"].upper() in self.system_by_code:
            return self.system_by_code[match["code"].upper()], ""
        if text.upper() in self.system_by_code:
            return self.system_by_code[text.upper()], ""
        candidates = self.system_by_name.get(system_key(text), [])
        current = [s for s in candidates if s.is_current()] or candidates
        if len(current) == 1:
            return current[0], ""
        if current:
            return None, f"more than one system is called {text!r}: use its ODS code"
        return None, f"no system (ICS) is called {text!r}"


def _score(text: str) -> tuple[Decimal | None, str]:
    if normalise(text) in MISSING or text.strip().lower() in MISSING:
        return None, ""
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None, f"{text[:40]!r} is not a score: use a number from 1 to 5, or leave it blank"
    if not value.is_finite() or not Decimal(1) <= value <= Decimal(5):
        return None, f"{text[:40]} is outside 1 to 5"
    return value.quantize(Decimal("0.00000001")), ""


# --- preview and import ----------------------------------------------------------------------


def benchmark_preview(
    *, content: bytes, file_name: str, framework_version: FrameworkVersion
) -> Preview:
    """Read and check the whole file, writing nothing."""
    preview = Preview(file_name=file_name, checksum=hashlib.sha256(content).hexdigest())
    if len(content) > MAX_BYTES:
        preview.problem(None, None, f"{file_name} is bigger than 10 MB: too big to import.")
        return preview
    if not content:
        preview.problem(None, None, f"{file_name} is empty.")
        return preview
    try:
        sheets = _read_rows(content, file_name)
        labels = _measure_labels(framework_version)
        for sheet, rows in sheets:
            if _read_sheet(preview, sheet, rows, labels):
                break
        else:
            preview.problem(
                None,
                None,
                "No header row found: no sheet has a row with the columns Region, ICS, Provider "
                f"and Care Setting in its first {HEADER_SEARCH_ROWS} rows.",
            )
    except BenchmarkImportError as error:
        preview.problems = error.problems
    if Benchmark.objects.filter(checksum=preview.checksum).exists():
        preview.problem(None, None, "This file has already been imported.")
    return preview


def _read_sheet(preview: Preview, sheet: str, rows: Iterator[list], labels) -> bool:
    """Find the header in this sheet and read its rows; False if this sheet has no header."""
    columns: dict[str, int] = {}
    header_row = 0
    for number, values in enumerate(rows, start=1):
        if number > HEADER_SEARCH_ROWS:
            return False
        found = {}
        for index, value in enumerate(values):
            name = COLUMN_ALIASES.get(normalise(_cell_text(value)))
            if name and name not in found:
                found[name] = index
        if set(REQUIRED) <= set(found):
            columns, header_row = found, number
            header = [_cell_text(v) for v in values]
            break
    else:
        return False

    preview.sheet, preview.header_row = sheet, header_row
    used = set(columns.values())
    measure_columns = []
    for index, label in enumerate(header):
        if index in used or not label:
            continue
        measure = labels.get(normalise(label))
        if measure is None:
            preview.ignored_columns.append(label)
        elif any(m.pk == measure.pk for _, m in preview.measures):
            preview.problem(header_row, label, f"a second column for {measure.label}")
        else:
            preview.measures.append((label, measure))
            measure_columns.append((index, label, measure))
    if not preview.measures:
        preview.problem(
            header_row, None, "no column is a success measure of the framework (e.g. Well Led)"
        )
        return True

    directory = _Directory()
    seen: dict[int, int] = {}
    for number, values in enumerate(rows, start=header_row + 1):
        if number - header_row > MAX_ROWS:
            preview.problem(number, None, f"more than {MAX_ROWS:,} rows: too many to import")
            break
        cells = [_cell_text(v) for v in values]
        if not any(cells):
            continue

        def cell(name: str, cells=cells) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        _read_row(preview, number, cell, cells, measure_columns, directory, seen)
    return True


def _read_row(preview, number, cell, cells, measure_columns, directory, seen) -> None:
    problems_before = len(preview.problems) + preview.more_problems
    provider = cell("provider")
    organisation = system = setting = None
    if not provider:
        preview.problem(number, "Provider", "the provider is missing")
    else:
        organisation, why = directory.organisation(provider, cell("provider_code"))
        if why:
            preview.problem(number, "Provider", why)
    if not cell("ics"):
        preview.problem(number, "ICS", "the ICS is missing")
    else:
        system, why = directory.system(cell("ics"))
        if why:
            preview.problem(number, "ICS", why)
    region = cell("region")
    if system and region and normalise(region) != normalise(system.region.name):
        preview.problem(
            number, "Region", f"{system.name} is in {system.region.name}, not {region!r}"
        )
    setting = SETTING_WORDS.get(normalise(cell("care_setting")))
    if setting is None:
        preview.problem(
            number, "Care Setting", f"{cell('care_setting')[:40]!r} is not a care setting"
        )
    scores = {}
    for index, label, measure in measure_columns:
        value, why = _score(cells[index] if index < len(cells) else "")
        if why:
            preview.problem(number, label, why)
        elif value is not None:
            scores[measure.key] = value
    if organisation is not None:
        if organisation.pk in seen:
            preview.problem(
                number, "Provider", f"{organisation.name} is also on row {seen[organisation.pk]}"
            )
        else:
            seen[organisation.pk] = number
    if len(preview.problems) + preview.more_problems == problems_before and scores:
        preview.rows.append(Row(number, organisation, system, setting, scores))


@transaction.atomic
def benchmark_import(
    *, content: bytes, file_name: str, name: str, framework_version: FrameworkVersion, by
) -> Benchmark:
    """Write the whole file as a benchmark, or nothing (BenchmarkImportError)."""
    name = (name or "").strip()
    preview = benchmark_preview(
        content=content, file_name=file_name, framework_version=framework_version
    )
    if not name:
        preview.problems.insert(0, Problem(None, None, "Give the benchmark a name."))
    elif len(name) > 200:
        preview.problems.insert(0, Problem(None, None, "The name must be 200 characters or fewer."))
    elif Benchmark.objects.filter(name=name).exists():
        preview.problems.insert(0, Problem(None, None, f"A benchmark called {name!r} exists."))
    if not preview.rows and not preview.problems:
        preview.problems.append(Problem(None, None, "The file has no scores to import."))
    if preview.problems:
        raise BenchmarkImportError(preview.problems)
    try:
        benchmark = Benchmark.objects.create(
            name=name,
            framework_version=framework_version,
            source_name=file_name[:200],
            checksum=preview.checksum,
            organisation_count=len(preview.rows),
            imported_by=by,
        )
    except IntegrityError:  # the same file or name, imported by someone else a moment ago
        raise BenchmarkImportError(
            [Problem(None, None, "This file or name has just been imported by someone else.")]
        ) from None
    BenchmarkScore.objects.bulk_create(
        BenchmarkScore(
            benchmark=benchmark,
            organisation=row.organisation,
            system=row.system,
            care_setting=row.care_setting,
            measure_key=key,
            score=score,
            row=row.number,
        )
        for row in preview.rows
        for key, score in row.scores.items()
    )
    return benchmark
