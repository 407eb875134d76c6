"""Figures and organisation scores through the API: the same numbers and suppression as the
pages and downloads, for each persona; a suppressed figure stays suppressed.

The map is tests/reports/small_world.py: West Yorkshire (QWO) has 8 approved providers, of
which 2 acute (A1 2.5, A2 3.25), 1 mental health, 4 GP practices and 1 ambulance trust, plus
its ICB."""

import pytest

from assessments.models import Role
from reports.aggregates import PROVIDERS, SYSTEM, Group, aggregate, to_places
from reports.exports import FIGURE_COLUMNS
from tests.factories import PersonaFactory
from tests.reports import small_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def small():
    round_, north, south, systems, organisations = small_world.build()
    return {"round": round_, "north": north, "systems": systems, "orgs": organisations}


@pytest.fixture
def persona(as_user):
    def make(role, at=None, scope="read", **limit):
        return as_user(PersonaFactory(role=role, at=at), scope, **limit)

    return make


def find(rows, **match):
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


def get(client, path, round_, **query):
    params = "&".join(f"{k}={v}" for k, v in {"round": round_.pk, **query}.items())
    return client.get(f"/api/v1/{path}?{params}")


def test_a_systems_figures_are_the_aggregates_exactly(small, persona):
    client = persona(Role.NATIONAL_ADMIN)
    response = get(client, "systems/QWO/figures/", small["round"])
    assert response.status_code == 200
    rows = response.json()["results"]
    assert list(rows[0]) == FIGURE_COLUMNS
    cell = aggregate(small["round"]).cell(Group(SYSTEM, small["systems"]["QWO"].pk), PROVIDERS, "")
    row = find(rows, care_setting="All providers", measure_key="")
    assert (row["expected"], row["approved"], row["n"]) == (10, 8, 8)
    assert row["mean"] == str(to_places(cell.mean)) == "2.55000000"
    assert row["mean_shown"] == "2.6" and row["completeness_shown"] == "80%"
    assert row["footprint_date"] == "2025-05-01"
    assert {r["code"] for r in rows} == {"QWO"}
    about = {a["label"] for a in response.json()["about"]}
    assert {"Round", "Small groups"} <= about


def test_a_board_reader_gets_small_groups_suppressed_and_no_organisation(small, persona):
    client = persona(Role.BOARD_READER, small["systems"]["QWO"])
    rows = get(client, "systems/QWO/figures/", small["round"]).json()["results"]
    acute = find(rows, care_setting="Acute", measure_key="")
    assert (acute["n"], acute["approved"]) == (2, 2)  # counts are always given
    assert all(acute[f] is None for f in ("mean", "median", "q1", "q3", "minimum", "maximum"))
    assert acute["mean_shown"] == ""
    assert "fewer than 5 organisations" in acute["suppressed_reason"]
    providers = find(rows, care_setting="All providers", measure_key="")
    assert providers["mean"] == "2.55000000" and providers["suppressed_reason"] == ""
    scores = get(client, "systems/QWO/organisation-scores/", small["round"])
    assert scores.status_code == 200 and scores.json()["results"] == []
    assert get(client, "regions/Y63/figures/", small["round"]).status_code == 404
    assert get(client, "systems/QHM/figures/", small["round"]).status_code == 404
    assert get(client, "nation/figures/", small["round"]).status_code == 403


def test_an_sro_sees_their_systems_figures_whole_and_its_organisations(small, persona):
    client = persona(Role.SRO, small["systems"]["QWO"])
    rows = get(client, "systems/QWO/figures/", small["round"]).json()["results"]
    assert not any(r["suppressed_reason"] for r in rows)
    assert find(rows, care_setting="Acute", measure_key="")["mean"] == "2.87500000"
    scores = get(client, "systems/QWO/organisation-scores/", small["round"]).json()["results"]
    assert {r["ods_code"] for r in scores} == {
        "ZA1", "ZA2", "ZM1", "ZG1", "ZG2", "ZG3", "ZG4", "ZICB1", "ZAMB"
    }  # fmt: skip
    a1 = find(scores, ods_code="ZA1", measure_key="")
    assert (a1["score"], a1["score_shown"], a1["system_code"]) == ("2.50000000", "2.5", "QWO")
    assert get(client, "regions/Y63/organisation-scores/", small["round"]).status_code == 404


def test_a_regional_analyst_reads_their_region_and_its_systems(small, persona):
    client = persona(Role.ANALYST, small["north"])
    rows = get(client, "regions/Y63/figures/", small["round"]).json()["results"]
    assert {(r["level"], r["code"]) for r in rows} == {
        ("region", "Y63"),
        ("system", "QWO"),
        ("system", "QHM"),
    }
    assert get(client, "regions/Y58/figures/", small["round"]).status_code == 404
    assert get(client, "systems/QJK/figures/", small["round"]).status_code == 404


def test_the_nation_is_for_the_national_team_and_not_a_limited_token(small, persona):
    national = persona(Role.NATIONAL_ADMIN)
    rows = get(national, "nation/figures/", small["round"]).json()["results"]
    assert {r["level"] for r in rows} == {"nation", "region", "system"}
    limited = persona(Role.NATIONAL_ADMIN, system=small["systems"]["QWO"])
    assert get(limited, "nation/figures/", small["round"]).status_code == 403
    assert get(limited, "systems/QHM/figures/", small["round"]).status_code == 404
    assert get(limited, "systems/QWO/figures/", small["round"]).status_code == 200


def test_an_organisations_own_people_see_no_group_figures(small, persona):
    client = persona(Role.RESPONDENT, small["orgs"]["A1"])
    assert get(client, "systems/QWO/figures/", small["round"]).status_code == 404
    assert get(client, "nation/figures/", small["round"]).status_code == 403


def test_bad_parameters_are_clear_refusals(small, persona):
    client = persona(Role.NATIONAL_ADMIN)
    missing = client.get("/api/v1/systems/QWO/figures/")
    assert missing.status_code == 400 and "round" in missing.json()["errors"]
    assert client.get("/api/v1/systems/QWO/figures/?round=abc").status_code == 400
    assert get(client, "systems/QWO/figures/", small["round"], footprint="x").status_code == 400
    unknown = client.get("/api/v1/systems/QWO/figures/?round=999999")
    assert unknown.status_code == 404
    today = get(client, "systems/QWO/figures/", small["round"], footprint="today")
    assert today.status_code == 200
    assert today.json()["results"][0]["footprint"] == "today"
