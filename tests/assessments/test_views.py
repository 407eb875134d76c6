"""Pages show each person what they may see, and answer 404 for everything else."""

import re

import pytest
from django.urls import reverse

from assessments.models import Organisation, SystemMembership

pytestmark = pytest.mark.django_db

PAGES = {
    "region": ("assessments:region", "north"),
    "system": ("assessments:system", "west_yorkshire"),
    "organisation": ("assessments:organisation", "northmoor"),
}


def _get(client, user, path):
    client.force_login(user)
    return client.get(path)


def _url(world, kind):
    name, obj = PAGES[kind]
    return reverse(name, args=[getattr(world, obj).ods_code])


@pytest.mark.parametrize(
    "kind, insiders, outsiders",
    [
        (
            "region",
            ["analyst", "national"],
            [
                "respondent",
                "approver",
                "board_org",
                "board_system",
                "sro",
                "other_analyst",
                "nobody",
            ],
        ),
        (
            "system",
            ["sro", "analyst", "national", "board_system"],
            ["respondent", "approver", "board_org", "other_sro", "other_analyst", "nobody"],
        ),
        (
            "organisation",
            ["respondent", "approver", "board_org", "sro", "analyst", "national"],
            ["board_system", "other_respondent", "other_sro", "other_analyst", "nobody"],
        ),
    ],
)
def test_every_object_page_answers_404_to_whoever_may_not_see_it(
    world, client, kind, insiders, outsiders
):
    for name in insiders:
        assert _get(client, getattr(world, name), _url(world, kind)).status_code == 200, name
    for name in outsiders:
        response = _get(client, getattr(world, name), _url(world, kind))
        assert response.status_code == 404, name
        assert "Page not found" in response.content.decode()


def test_a_hidden_object_looks_exactly_like_a_missing_one(world, client):
    hidden = _get(client, world.respondent, "/organisations/ZT004/")
    missing = _get(client, world.respondent, "/organisations/ZZZ999/")
    assert hidden.status_code == missing.status_code == 404

    def without_nonce(response):  # the CSP nonce and CSRF token differ every time, by design
        return re.sub(rb'(nonce|value)="[^"]*"', b"", response.content)

    assert without_nonce(hidden) == without_nonce(missing)


@pytest.mark.parametrize(
    "path",
    [
        "/my/",
        "/regions/",
        "/systems/",
        "/organisations/",
        "/systems/QWO/",
        "/organisations/ZT001/",
        "/regions/Y63/",
    ],
)
def test_signing_in_comes_first(world, client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={path}"


def test_codes_in_addresses_are_not_case_sensitive(world, client):
    assert _get(client, world.sro, "/systems/qwo/").status_code == 200


def test_a_respondents_home_shows_their_organisation_and_nothing_else(world, client):
    page = _get(client, world.respondent, "/my/").content.decode()
    assert "Northmoor Hospitals NHS Trust" in page
    assert "Respondent" in page
    for other in ("Calderbrook", "West Yorkshire", "Exewater", "Your systems", "Your regions"):
        assert other not in page


def test_an_sros_home_shows_their_system(world, client):
    page = _get(client, world.sro, "/my/").content.decode()
    assert "Your systems" in page and "NHS West Yorkshire Integrated Care Board" in page
    assert "Digital SRO" in page


def test_someone_without_a_role_is_told_who_to_ask(world, client):
    page = _get(client, world.nobody, "/my/").content.decode()
    assert "You have not been given a role at any organisation, system or region yet." in page


def test_a_system_page_lists_its_members_and_links_only_those_you_may_open(world, client):
    page = _get(client, world.sro, "/systems/QWO/").content.decode()
    for name in ("Northmoor Hospitals", "Calderbrook Mental Health", "Moorland Ambulance"):
        assert name in page
    assert "Tynebridge" not in page
    assert 'href="/organisations/ZT001/"' in page
    assert "Set its targets and write its transformation plan" in page
    # the ICB first, then the trusts, then the ambulance trust
    order = [
        page.index(name)
        for name in (
            "NHS West Yorkshire Integrated Care Board</a>",
            "Northmoor",
            "Calderbrook",
            "Moorland",
        )
    ]
    assert order == sorted(order)

    # a board reader sees the system, not its member organisations (access: names and figures)
    board = _get(client, world.board_system, "/systems/QWO/").content.decode()
    assert "Northmoor Hospitals NHS Trust" not in board and "ZT001" not in board
    assert "Download its reports" in board
    assert "transformation plan" not in board


def test_an_ended_system_shows_its_members_on_its_last_day_and_its_successor(world, client):
    import datetime as dt

    from assessments.services import system_merge

    system_merge(
        into_code="QZY", name="NHS North ICB", from_codes=["QWO", "QHM"], on=dt.date(2026, 4, 1)
    )
    page = _get(client, world.analyst, "/systems/QWO/").content.decode()
    assert "This system ended on 31 March 2026." in page
    assert 'It merged into <a href="/systems/QZY/">NHS North ICB</a> (QZY).' in page
    assert "Northmoor Hospitals NHS Trust" in page
    region = _get(client, world.analyst, "/regions/Y63/").content.decode()
    assert "Systems that have ended" in region and "NHS North ICB" in region


def test_an_organisation_page_shows_its_systems_and_what_you_can_do(world, client):
    page = _get(client, world.sro, "/organisations/ZA01/").content.decode()
    assert "NHS West Yorkshire Integrated Care Board</a> (host system)" in page
    # the SRO of West Yorkshire may not open North East, so it is not named, nor linked
    assert "Another system, since" in page
    assert "NHS North East and North Cumbria" not in page
    respondent = _get(client, world.respondent, "/organisations/ZT001/").content.decode()
    assert "Answer its self-assessment" in respondent
    assert "Approve its self-assessment" not in respondent
    assert 'href="/systems/QWO/"' not in respondent


def test_the_organisation_list_shows_only_what_you_may_see(world, client):
    page = _get(client, world.sro, "/organisations/").content.decode()
    assert "4 organisations found." in page
    assert "Tynebridge" not in page and "Exewater" not in page


def test_the_organisation_list_searches_by_name_code_and_care_setting(world, client):
    client.force_login(world.national)
    assert "1 organisation found." in client.get("/organisations/?q=za01").content.decode()
    assert "Northmoor" in client.get("/organisations/?q=northmoor").content.decode()
    by_setting = client.get("/organisations/?care_setting=acute").content.decode()
    assert "2 organisations found." in by_setting


def test_the_organisation_list_is_paginated(world, client):
    Organisation.objects.bulk_create(
        Organisation(
            ods_code=f"ZP{n:04d}", name=f"Practice {n:02d}", care_setting="general_practice"
        )
        for n in range(60)
    )
    client.force_login(world.national)
    first = client.get("/organisations/?q=practice").content.decode()
    assert "60 organisations found, showing 1 to 25." in first
    assert 'href="?q=practice&amp;page=2"' in first
    last = client.get("/organisations/?q=practice&page=3").content.decode()
    assert "showing 51 to 60" in last
    assert "Practice 59" in last


def test_the_system_list_filters_by_region_and_hides_ended_systems(world, client):
    client.force_login(world.national)
    north = client.get("/systems/?region=Y63").content.decode()
    assert "2 systems found." in north
    SystemMembership.objects.all().delete()
    analyst_view = _get(client, world.analyst, "/systems/").content.decode()
    assert "NHS Devon" not in analyst_view


def test_the_start_page_sends_each_person_onwards(world, client):
    respondent = _get(client, world.respondent, "/").content.decode()
    assert 'href="/organisations/ZT001/"' in respondent
    sro = _get(client, world.sro, "/").content.decode()
    assert 'href="/systems/QWO/"' in sro
    analyst = _get(client, world.analyst, "/").content.decode()
    assert 'href="/regions/Y63/"' in analyst
    national = _get(client, world.national, "/").content.decode()
    assert 'href="/regions/"' in national
    for page in (respondent, sro, analyst, national):
        assert 'href="/my/"' in page  # the card, and the header navigation
        assert "My organisations and systems" in page
