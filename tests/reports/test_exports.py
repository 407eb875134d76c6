"""Exports of a round's figures: what they contain, for whom, and what they refuse.

The map is tests/reports/small_world.py: West Yorkshire (QWO) has 8 approved providers, of
which 2 acute, 1 mental health, 4 GP practices and 1 ambulance trust, plus its ICB.
"""

import csv
import io

import pytest
from openpyxl import load_workbook

from assessments.models import Organisation, Role
from reports.aggregates import PROVIDERS, SYSTEM, Group, aggregate, to_places
from reports.exports import FIGURE_COLUMNS, ORGANISATION_COLUMNS, neutralise
from tests.factories import PersonaFactory

from . import small_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    round_, north, south, systems, organisations = small_world.build()
    return {
        "round": round_,
        "north": north,
        "south": south,
        "systems": systems,
        "orgs": organisations,
    }


def signed_in(client, role, at=None):
    user = PersonaFactory(role=role, at=at)
    client.force_login(user)
    return user


def rows_of(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def url(round_, what="figures", scope="system", code="QWO", fmt="csv", query=""):
    if scope == "nation":
        return f"/reports/rounds/{round_.pk}/nation/figures.{fmt}{query}"
    return f"/reports/rounds/{round_.pk}/{scope}/{code}/{what}.{fmt}{query}"


def find(rows, **match):
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


def test_system_figures_are_the_aggregates_to_8_places_and_as_shown(client, world):
    signed_in(client, Role.NATIONAL_ADMIN)
    response = client.get(url(world["round"]))
    assert response.status_code == 200
    assert (
        'filename="waymark-202526-assessment-qwo-figures.csv"' in (response["Content-Disposition"])
    )
    rows = rows_of(response)
    assert list(rows[0]) == FIGURE_COLUMNS
    qwo = Group(SYSTEM, world["systems"]["QWO"].pk)
    cell = aggregate(world["round"]).cell(qwo, PROVIDERS, "")
    row = find(rows, care_setting="All providers", measure_key="")
    assert row["round"] == "2025/26 assessment" and row["framework_version"] == "1.0.0"
    assert row["level"] == "system" and row["code"] == "QWO" and row["region_code"] == "Y63"
    assert row["footprint"] == "round" and row["footprint_date"] == "2025-05-01"
    assert (row["expected"], row["approved"], row["n"]) == ("10", "8", "8")
    assert row["mean"] == str(to_places(cell.mean)) == "2.55000000"
    assert row["mean_shown"] == "2.6"  # halves up, as the page shows it
    assert row["completeness"] == "0.80000000" and row["completeness_shown"] == "80%"
    assert row["median"] == str(to_places(cell.median))
    assert row["suppressed_reason"] == "" and "plain mean" in row["method"]
    # Nothing about other systems in a system's export.
    assert {r["code"] for r in rows} == {"QWO"}


def test_a_board_reader_gets_small_groups_suppressed_and_no_organisation(client, world):
    signed_in(client, Role.BOARD_READER, world["systems"]["QWO"])
    rows = rows_of(client.get(url(world["round"])))
    acute = find(rows, care_setting="Acute", measure_key="")
    assert acute["n"] == "2" and acute["approved"] == "2"  # counts are always shown
    assert all(acute[c] == "" for c in ("mean", "mean_shown", "median", "minimum", "maximum"))
    assert "fewer than 5 organisations" in acute["suppressed_reason"]
    providers = find(rows, care_setting="All providers", measure_key="")
    assert providers["mean"] == "2.55000000" and providers["suppressed_reason"] == ""

    # Organisation scores: the system's, but none of its organisations one by one.
    response = client.get(url(world["round"], "organisations"))
    assert response.status_code == 200
    assert rows_of(response) == []
    # Nor the region, nor another system.
    assert client.get(url(world["round"], scope="region", code="Y63")).status_code == 404
    assert client.get(url(world["round"], code="QHM")).status_code == 404


def test_an_sro_sees_their_systems_organisations_and_nothing_else(client, world):
    signed_in(client, Role.SRO, world["systems"]["QWO"])
    rows = rows_of(client.get(url(world["round"])))
    assert not any(r["suppressed_reason"] for r in rows)
    assert find(rows, care_setting="Acute", measure_key="")["mean"] == "2.87500000"

    rows = rows_of(client.get(url(world["round"], "organisations")))
    assert list(rows[0]) == ORGANISATION_COLUMNS
    codes = {r["ods_code"] for r in rows}
    assert codes == {"ZA1", "ZA2", "ZM1", "ZG1", "ZG2", "ZG3", "ZG4", "ZICB1", "ZAMB"}
    a1 = find(rows, ods_code="ZA1", measure_key="")
    assert (a1["score"], a1["score_shown"], a1["system_code"]) == ("2.50000000", "2.5", "QWO")
    assert find(rows, ods_code="ZA1", measure_key="well-led")["score"] == "3.00000000"
    assert client.get(url(world["round"], "organisations", "region", "Y63")).status_code == 404
    assert client.get(url(world["round"], scope="nation")).status_code == 403


def test_a_regional_analyst_exports_their_region_and_its_organisations(client, world):
    signed_in(client, Role.ANALYST, world["north"])
    rows = rows_of(client.get(url(world["round"], scope="region", code="Y63")))
    assert {(r["level"], r["code"]) for r in rows} == {
        ("region", "Y63"),
        ("system", "QWO"),
        ("system", "QHM"),
    }
    assert not any(r["suppressed_reason"] for r in rows)
    rows = rows_of(client.get(url(world["round"], "organisations", "region", "Y63")))
    codes = {r["ods_code"] for r in rows}
    assert "ZT1" in codes and "ZA1" in codes and "ZE1" not in codes and "ZG8" not in codes
    assert client.get(url(world["round"], code="QJK")).status_code == 404
    assert client.get(url(world["round"], scope="region", code="Y58")).status_code == 404
    assert client.get(url(world["round"], scope="nation")).status_code == 403


def test_outsiders_are_refused(client, world):
    signed_in(client, Role.RESPONDENT, world["orgs"]["A1"])
    assert client.get(url(world["round"])).status_code == 404
    assert client.get(url(world["round"], "organisations")).status_code == 404
    client.logout()
    response = client.get(url(world["round"]))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_national_export_has_every_group(client, world):
    signed_in(client, Role.NATIONAL_ADMIN)
    rows = rows_of(client.get(url(world["round"], scope="nation")))
    assert {(r["level"], r["code"]) for r in rows} == {
        ("nation", ""),
        ("region", "Y63"),
        ("region", "Y58"),
        ("system", "QWO"),
        ("system", "QHM"),
        ("system", "QJK"),
    }


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil.example","x")', "-2+3", "@SUM(A1)"])
def test_cells_that_could_run_as_formulas_are_neutralised(client, world, name):
    Organisation.objects.filter(ods_code="ZA1").update(name=name)
    signed_in(client, Role.NATIONAL_ADMIN)
    rows = rows_of(client.get(url(world["round"], "organisations")))
    assert find(rows, ods_code="ZA1", measure_key="")["organisation"] == "'" + name

    response = client.get(url(world["round"], "organisations", fmt="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content))["Organisations"]
    names = [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'" + name in names
    assert all(not str(v).startswith(("=", "-", "@", "+")) for v in names)
    formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_neutralise_leaves_numbers_and_plain_text_alone():
    assert neutralise("\tx") == "'\tx" and neutralise("\rx") == "'\rx"
    assert neutralise("Leeds") == "Leeds" and neutralise(2) == 2 and neutralise("") == ""


def test_the_workbook_has_the_same_rows_and_says_what_they_mean(client, world):
    signed_in(client, Role.BOARD_READER, world["systems"]["QWO"])
    response = client.get(url(world["round"], fmt="xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Figures", "About"]
    rows = list(book["Figures"].iter_rows(values_only=True))
    assert list(rows[0]) == FIGURE_COLUMNS
    csv_rows = rows_of(client.get(url(world["round"])))
    assert len(rows) - 1 == len(csv_rows)
    header = rows[0]
    acute = next(r for r in rows[1:] if r[header.index("care_setting")] == "Acute")
    assert acute[header.index("mean")] is None
    assert "fewer than 5" in acute[header.index("suppressed_reason")]
    about = dict(book["About"].iter_rows(min_row=2, values_only=True))
    assert about["Round"] == "2025/26 assessment" and "Mean (national method) (mean)" in about


def test_bad_parameters_are_clear_refusals(client, world):
    signed_in(client, Role.NATIONAL_ADMIN)
    response = client.get(url(world["round"], fmt="pdf"))
    assert response.status_code == 400 and b"Unknown format" in response.content
    response = client.get(url(world["round"], query="?footprint=yesterday"))
    assert response.status_code == 400 and b"Unknown footprint" in response.content
    unknown = f"/reports/rounds/{world['round'].pk + 99}/system/QWO/figures.csv"
    assert client.get(unknown).status_code == 404
    assert client.get(url(world["round"], scope="planet")).status_code == 404
    nation = f"/reports/rounds/{world['round'].pk}/nation/E92000001/organisations.csv"
    assert client.get(nation).status_code == 404
    assert client.get(url(world["round"], code="NOPE")).status_code == 404


def test_todays_footprint_is_accepted(client, world):
    signed_in(client, Role.NATIONAL_ADMIN)
    rows = rows_of(client.get(url(world["round"], query="?footprint=today")))
    assert rows and all(r["footprint"] == "today" for r in rows)


def test_the_download_page_chooses_a_file(client, world):
    signed_in(client, Role.SRO, world["systems"]["QWO"])
    response = client.get("/reports/exports/")
    assert response.status_code == 200
    assert b"West Yorkshire" in response.content and b"England" not in response.content
    query = {
        "download": "1",
        "round": world["round"].pk,
        "scope": "system:QWO",
        "table": "organisations",
        "format": "xlsx",
        "footprint": "round",
    }
    response = client.get("/reports/exports/", query)
    assert response.status_code == 302
    assert response["Location"] == url(world["round"], "organisations", fmt="xlsx") + (
        "?footprint=round"
    )
    response = client.get("/reports/exports/", {**query, "scope": "system:QJK", "format": "x"})
    assert response.status_code == 400
    assert b"Choose what to download figures for" in response.content
    assert b"Choose CSV or Excel" in response.content


def test_the_download_page_is_refused_to_those_who_may_export_nothing(client, world):
    signed_in(client, Role.RESPONDENT, world["orgs"]["A1"])
    assert client.get("/reports/exports/").status_code == 403
