"""Preview and import: the two steps, all or nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction

from assessments.models import Organisation, OrganisationCareSetting, System
from frameworks.models import FrameworkVersion, Measure

from ..models import Benchmark, BenchmarkScore
from .matching import Directory, measure_labels, normalise, parse_score
from .reading import (
    COLUMN_ALIASES,
    HEADER_SEARCH_ROWS,
    MAX_BYTES,
    MAX_PROBLEMS,
    MAX_ROWS,
    REQUIRED,
    SETTING_WORDS,
    BenchmarkImportError,
    Problem,
    cell_text,
    read_rows,
)


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
        sheets = read_rows(content, file_name)
        labels = measure_labels(framework_version)
        for sheet, rows in sheets:
            if _read_sheet(preview, sheet, rows, labels, framework_version.section_word):
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


def _read_sheet(
    preview: Preview, sheet: str, rows: Iterator[list], labels, section: str = "success measure"
) -> bool:
    """Find the header in this sheet and read its rows; False if this sheet has no header."""
    columns: dict[str, int] = {}
    header_row = 0
    for number, values in enumerate(rows, start=1):
        if number > HEADER_SEARCH_ROWS:
            return False
        found = {}
        for index, value in enumerate(values):
            name = COLUMN_ALIASES.get(normalise(cell_text(value)))
            if name and name not in found:
                found[name] = index
        if set(REQUIRED) <= set(found):
            columns, header_row = found, number
            header = [cell_text(v) for v in values]
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
        example = min(labels.values(), key=lambda m: m.order).label if labels else ""
        preview.problem(
            header_row,
            None,
            f"no column is a {section} of the framework"
            + (f" (e.g. {example})" if example else ""),
        )
        return True

    directory = Directory()
    seen: dict[int, int] = {}
    for number, values in enumerate(rows, start=header_row + 1):
        if number - header_row > MAX_ROWS:
            preview.problem(number, None, f"more than {MAX_ROWS:,} rows: too many to import")
            break
        cells = [cell_text(v) for v in values]
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
        value, why = parse_score(cells[index] if index < len(cells) else "")
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
