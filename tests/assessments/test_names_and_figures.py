"""One rule for names and figures (assessments/access/policy.py), page by page and role by role.

West Yorkshire (QWO) hosts Northmoor, Calderbrook, its ICB and Moorland Ambulance (which also
serves North East, QHM). A system's board reader sees West Yorkshire but none of its members; a
system's name is shown only to someone who may view that system, "another system" otherwise.
"""

import pytest
from django.urls import reverse

from assessments import access
from assessments.models import Role
from tests.factories import PASSWORD, PersonaFactory

pytestmark = pytest.mark.django_db

WY = "NHS West Yorkshire Integrated Care Board"
NE = "NHS North East and North Cumbria Integrated Care Board"
MEMBERS = ["Northmoor Hospitals NHS Trust", "ZT001", "Calderbrook Mental Health", "ZA01"]


@pytest.fixture
def north_east_sro(world):
    return PersonaFactory(username="ne_sro", password=PASSWORD, role=Role.SRO, at=world.north_east)


def page(client, user, name, *args, status=200):
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == status
    return response.content.decode() if status == 200 else ""


# --- the helpers -------------------------------------------------------------------------------


def test_who_sees_a_groups_organisations_one_by_one(world, north_east_sro):
    wy, ne, north, south = world.west_yorkshire, world.north_east, world.north, world.south
    expected = {
        "national": {wy: True, ne: True, north: True, south: True, None: True},
        "analyst": {wy: True, ne: True, north: True, south: False, None: False},
        "sro": {wy: True, ne: False, north: False, south: False, None: False},
        "board_system": {wy: False, ne: False, north: False, south: False, None: False},
        "respondent": {wy: False, ne: False, north: False, south: False, None: False},
        "approver": {wy: False, ne: False, north: False, south: False, None: False},
        "board_org": {wy: False, ne: False, north: False, south: False, None: False},
        "other_sro": {wy: False, ne: False, north: False, south: False, None: False},
        "nobody": {wy: False, ne: False, north: False, south: False, None: False},
    }
    for username, groups in expected.items():
        user = getattr(world, username)
        for group, sees in groups.items():
            assert access.sees_organisations_of(user, group) is sees, (username, group)
    assert access.sees_organisations_of(north_east_sro, ne)
    assert not access.sees_organisations_of(north_east_sro, wy)


def test_a_systems_name_is_shown_only_to_those_who_may_view_it(world, north_east_sro):
    systems = [world.west_yorkshire, world.north_east]
    assert access.system_names(world.analyst, systems) == {
        world.west_yorkshire.pk: WY,
        world.north_east.pk: NE,
    }
    assert access.system_names(north_east_sro, systems) == {
        world.west_yorkshire.pk: "another system",
        world.north_east.pk: NE,
    }
    assert access.system_name(world.board_system, world.west_yorkshire) == WY
    assert access.system_name(world.respondent, world.west_yorkshire) == "another system"
    assert access.system_name(world.nobody, world.devon) == "another system"


# --- system page -------------------------------------------------------------------------------


def test_a_systems_board_reader_sees_the_system_not_its_members(client, world):
    html = page(client, world.board_system, "assessments:system", "QWO")
    assert WY in html
    for member in MEMBERS:
        assert member not in html
    assert "not those of its member organisations" in html


@pytest.mark.parametrize("username", ["sro", "analyst", "national"])
def test_those_who_oversee_a_system_see_its_members(client, world, username):
    html = page(client, getattr(world, username), "assessments:system", "QWO")
    for member in MEMBERS:
        assert member in html


@pytest.mark.parametrize("username", ["respondent", "approver", "board_org", "other_sro", "nobody"])
def test_others_cannot_open_the_system_page(client, world, username):
    page(client, getattr(world, username), "assessments:system", "QWO", status=404)


def test_a_served_members_host_is_another_system_to_whom_may_not_view_it(
    client, world, north_east_sro
):
    html = page(client, north_east_sro, "assessments:system", "QHM")
    assert "Moorland Ambulance Service NHS Trust" in html
    assert WY not in html
    assert "another system" in html
    assert WY in page(client, world.analyst, "assessments:system", "QHM")


# --- organisation list -------------------------------------------------------------------------


def test_the_organisation_list_names_host_systems_by_the_rule(client, world, north_east_sro):
    html = page(client, world.sro, "assessments:organisations")
    assert "Northmoor Hospitals NHS Trust" in html and WY in html
    assert "Tynebridge" not in html

    html = page(client, north_east_sro, "assessments:organisations")
    assert "Moorland Ambulance Service NHS Trust" in html and "Tynebridge" in html
    assert WY not in html and "another system" in html

    html = page(client, world.respondent, "assessments:organisations")
    assert "Northmoor Hospitals NHS Trust" in html and "Calderbrook" not in html
    assert WY not in html and "another system" in html

    html = page(client, world.board_system, "assessments:organisations")
    assert "0 organisations found" in html
    for member in MEMBERS:
        assert member not in html

    html = page(client, world.other_respondent, "assessments:organisations")
    assert "Exewater" in html and "Northmoor" not in html
    assert "NHS Devon" not in html

    html = page(client, world.analyst, "assessments:organisations")
    assert "Northmoor" in html and "Tynebridge" in html and "Exewater" not in html
    assert WY in html and NE in html


# --- organisation page -------------------------------------------------------------------------


def test_the_organisation_page_names_only_systems_the_reader_may_view(
    client, world, north_east_sro
):
    html = page(client, north_east_sro, "assessments:organisation", "ZA01")
    assert NE in html and WY not in html and "Another system (host system)" in html
    html = page(client, world.sro, "assessments:organisation", "ZA01")
    assert WY in html and NE not in html and "Another system" in html
    html = page(client, world.analyst, "assessments:organisation", "ZA01")
    assert WY in html and NE in html

    html = page(client, world.respondent, "assessments:organisation", "ZT001")
    assert "Northmoor" in html and WY not in html and "Another system (host system)" in html
    html = page(client, world.board_org, "assessments:organisation", "ZT001")
    assert "Northmoor" in html and WY not in html


@pytest.mark.parametrize("username", ["board_system", "other_respondent", "other_sro", "nobody"])
def test_a_systems_board_reader_and_outsiders_cannot_open_a_member(client, world, username):
    page(client, getattr(world, username), "assessments:organisation", "ZT001", status=404)


# --- region page and home ----------------------------------------------------------------------


def test_the_region_page_is_the_regions_analysts_and_national_administrators(client, world):
    html = page(client, world.analyst, "assessments:region", "Y63")
    assert WY in html and NE in html
    assert "NHS Devon" not in html
    for username in ("sro", "board_system", "respondent", "other_analyst", "nobody"):
        page(client, getattr(world, username), "assessments:region", "Y63", status=404)


def test_home_shows_each_person_only_their_own_scopes(client, world):
    html = page(client, world.board_system, "assessments:home")
    assert WY in html
    for member in MEMBERS:
        assert member not in html
    html = page(client, world.respondent, "assessments:home")
    assert "Northmoor Hospitals NHS Trust" in html and WY not in html
    html = page(client, world.sro, "assessments:home")
    assert WY in html and "Northmoor" not in html
    html = page(client, world.analyst, "assessments:home")
    assert "North East and Yorkshire" in html and WY not in html
    html = page(client, world.other_respondent, "assessments:home")
    assert "Exewater" in html and "NHS Devon" not in html and "Northmoor" not in html
