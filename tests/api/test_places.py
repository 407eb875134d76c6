"""Regions, systems and organisations through the API: each persona sees exactly what the
access policy lets them see on the pages; anything else is a 404, as if it did not exist."""

import pytest

pytestmark = pytest.mark.django_db

WEST_YORKSHIRE = ["ZT002", "ZA01", "QWO", "ZT001"]  # by name: Calderbrook, Moorland, ICB, Northmoor


def codes(response):
    assert response.status_code == 200, response.content
    return [row["ods_code"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "persona, regions",
    [
        ("national", ["Y63", "Y58"]),
        ("analyst", ["Y63"]),
        ("other_analyst", ["Y58"]),
        ("sro", []),
        ("board_system", []),
        ("respondent", []),
        ("nobody", []),
    ],
)
def test_regions_by_persona(world, as_user, persona, regions):
    assert codes(as_user(world.users[persona], "read").get("/api/v1/regions/")) == regions


@pytest.mark.parametrize(
    "persona, systems",
    [
        ("national", ["QJK", "QHM", "QWO"]),
        ("analyst", ["QHM", "QWO"]),
        ("sro", ["QWO"]),
        ("board_system", ["QWO"]),
        ("other_sro", ["QJK"]),
        ("respondent", []),
        ("approver", []),
        ("nobody", []),
    ],
)
def test_systems_by_persona(world, as_user, persona, systems):
    assert codes(as_user(world.users[persona], "read").get("/api/v1/systems/")) == systems


@pytest.mark.parametrize(
    "persona, organisations",
    [
        ("national", ["ZT002", "ZT004", "ZA01", "QWO", "ZT001", "ZT003"]),
        ("analyst", ["ZT002", "ZA01", "QWO", "ZT001", "ZT003"]),
        ("sro", WEST_YORKSHIRE),
        ("board_system", []),
        ("respondent", ["ZT001"]),
        ("approver", ["ZT001"]),
        ("board_org", ["ZT001"]),
        ("other_respondent", ["ZT004"]),
        ("nobody", []),
    ],
)
def test_organisations_by_persona(world, as_user, persona, organisations):
    client = as_user(world.users[persona], "read")
    assert codes(client.get("/api/v1/organisations/")) == organisations


@pytest.mark.parametrize(
    "persona, path, status",
    [
        ("respondent", "/api/v1/organisations/ZT001/", 200),
        ("respondent", "/api/v1/organisations/zt001/", 200),
        ("respondent", "/api/v1/organisations/ZT004/", 404),
        ("respondent", "/api/v1/systems/QWO/", 404),
        ("board_system", "/api/v1/systems/QWO/", 200),
        ("board_system", "/api/v1/organisations/ZT001/", 404),
        ("sro", "/api/v1/systems/QJK/", 404),
        ("sro", "/api/v1/regions/Y63/", 404),
        ("analyst", "/api/v1/regions/Y63/", 200),
        ("analyst", "/api/v1/regions/Y58/", 404),
        ("other_sro", "/api/v1/organisations/ZT001/", 404),
        ("national", "/api/v1/organisations/NOPE/", 404),
    ],
)
def test_one_place_is_shown_or_is_not_found(world, as_user, persona, path, status):
    response = as_user(world.users[persona], "read").get(path)
    assert response.status_code == status
    if status == 404:
        assert response.json()["detail"] == "Not found."


def test_a_system_says_its_region_and_dates(world, as_user):
    body = as_user(world.sro, "read").get("/api/v1/systems/QWO/").json()
    assert body["name"] == "NHS West Yorkshire Integrated Care Board"
    assert body["region"] == {"ods_code": "Y63", "name": "North East and Yorkshire"}
    assert body["valid_to"] is None


def test_an_organisation_names_only_the_systems_its_reader_may_see(world, as_user):
    ambulance = as_user(world.sro, "read").get("/api/v1/organisations/ZA01/").json()
    assert ambulance["care_setting"] == "ambulance"
    assert ambulance["systems"] == [
        {"system_code": "QWO", "system": world.west_yorkshire.name, "is_host": True},
        {"system_code": "", "system": "another system", "is_host": False},
    ]
    northmoor = as_user(world.respondent, "read").get("/api/v1/organisations/ZT001/").json()
    assert northmoor["systems"] == [
        {"system_code": "", "system": "another system", "is_host": True}
    ]


def test_the_browsers_session_works_too(world, client):
    client.force_login(world.respondent)
    response = client.get("/api/v1/organisations/")
    assert [o["ods_code"] for o in response.json()["results"]] == ["ZT001"]
