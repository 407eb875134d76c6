"""Reading an uploaded results file: what it really is, its sheets and rows, hostile files refused."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator

from config.errors import DomainError, Problem

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


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_rows(content: bytes, file_name: str) -> Iterator[tuple[str, Iterator[list]]]:
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
