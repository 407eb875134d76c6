"""A table as a CSV or Excel file, safe to open in a spreadsheet: the one writer of every
download, the assessments app's (a round's organisations still to submit) and the reports'
(`reports/exports.py`, which sits above and imports it).

Any text cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with an
apostrophe, so a spreadsheet shows it as text and never runs it as a formula. CSV is UTF-8 with
a byte-order mark; the workbook has the table on its first sheet and an "About" sheet."""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    title: str  # the sheet's name
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    about: list[tuple[str, str]] = field(default_factory=list)


def neutralise(value):
    """A text cell a spreadsheet could run as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(DANGEROUS_STARTS):
        return "'" + value
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([neutralise(_text(value)) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(value):
        if isinstance(value, Decimal | int | dt.date) or value is None:
            return value
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))

    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.title)
    sheet.append(table.columns)
    for row in table.rows:
        sheet.append([cell(value) for value in row])
    about = book.create_sheet("About")
    about.append(["About", "What it means"])
    for label, text in table.about:
        about.append([cell(label), cell(text)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FORMATS = {
    "csv": ("text/csv; charset=utf-8", write_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write_xlsx),
}
