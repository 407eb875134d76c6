"""Reference data loads once and never undoes history; mergers end, create and move."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from assessments import access
from assessments.models import Organisation, Region, System, SystemMembership
from assessments.services import MergerError, reference_data_load, system_merge

pytestmark = pytest.mark.django_db

APRIL = dt.date(2026, 4, 1)
MARCH_31 = dt.date(2026, 3, 31)


def test_the_reference_data_has_7_regions_and_42_systems():
    result = reference_data_load()
    assert (result.regions_created, result.systems_created) == (7, 42)
    assert Region.objects.count() == 7
    assert System.objects.count() == 42
    devon = System.objects.get(ods_code="QJK")
    assert (devon.name, devon.region.name, devon.valid_from, devon.valid_to) == (
        "NHS Devon Integrated Care Board",
        "South West",
        dt.date(2022, 7, 1),
        None,
    )
    assert System.objects.filter(region__ods_code="Y61").count() == 6


def test_loading_the_reference_data_again_changes_nothing():
    reference_data_load()
    result = reference_data_load()
    assert (result.regions_created, result.systems_created) == (0, 0)
    assert System.objects.count() == 42


def test_loading_the_reference_data_again_does_not_undo_a_merger():
    reference_data_load()
    system_merge(
        into_code="QZZ",
        name="NHS Norfolk and Suffolk Integrated Care Board",
        from_codes=["QMM", "QJG"],
        on=APRIL,
    )
    reference_data_load()
    assert System.objects.get(ods_code="QMM").valid_to == MARCH_31


def _members(system):
    return {
        (m.organisation.ods_code, m.is_host, m.valid_from, m.valid_to)
        for m in SystemMembership.objects.filter(system=system).select_related("organisation")
    }


def test_a_merger_ends_the_old_systems_creates_the_successor_and_moves_members(world):
    result = system_merge(
        into_code="qzy", name="NHS North Integrated Care Board", from_codes=["QWO", "QHM"], on=APRIL
    )
    new = result.successor
    assert (new.ods_code, new.region, new.valid_from, new.valid_to) == (
        "QZY",
        world.north,
        APRIL,
        None,
    )
    assert set(new.replaces.all()) == {world.west_yorkshire, world.north_east}
    for old in (world.west_yorkshire, world.north_east):
        old.refresh_from_db()
        assert old.valid_to == MARCH_31
        assert list(old.replaced_by.all()) == [new]
    assert _members(new) == {
        ("ZT001", True, APRIL, None),
        ("ZT002", True, APRIL, None),
        ("QWO", True, APRIL, None),
        ("ZT003", True, APRIL, None),
        # the ambulance trust was in both: one membership, host because it was host in one
        ("ZA01", True, APRIL, None),
    }
    assert ("ZT001", True, dt.date(2022, 7, 1), MARCH_31) in _members(world.west_yorkshire)
    assert result.moved == 5
    assert str(result) == (
        "QHM, QWO ended on 31 March 2026; NHS North Integrated Care Board (QZY) started on "
        "1 April 2026 with 5 member organisation(s). 2 people's roles still point at the ended "
        "systems: review them, since nobody is given access to the new system automatically."
    )


def test_after_a_merger_the_old_sro_keeps_the_old_system_but_not_its_organisations(world):
    system_merge(into_code="QZY", name="NHS North ICB", from_codes=["QWO", "QHM"], on=APRIL)
    new = System.objects.get(ods_code="QZY")
    assert access.may(world.sro, "view", world.west_yorkshire)
    assert not access.may(world.sro, "view", new)
    assert not access.visible(world.sro, Organisation.objects.all()).exists()
    assert access.may(world.analyst, "view", new)
    assert access.may(world.analyst, "view", world.northmoor)
    assert access.may(world.respondent, "edit", world.northmoor)


def test_a_host_elsewhere_stays_a_guest_after_a_merger(world):
    system_merge(into_code="QZX", name="NHS Greater North ICB", from_codes=["QHM"], on=APRIL)
    guest = SystemMembership.objects.get(organisation=world.ambulance, system__ods_code="QZX")
    assert not guest.is_host
    assert (
        SystemMembership.objects.current(APRIL)
        .get(organisation=world.ambulance, is_host=True)
        .system
        == world.west_yorkshire
    )


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"from_codes": ["QWO", "QAA"]}, "There is no system with the code QAA."),
        (
            {"into_code": "QJK"},
            "A system with the code QJK already exists: choose a new code for the successor.",
        ),
        (
            {"from_codes": ["QWO", "QJK"]},
            "The systems are in different regions: choose the region of the new system.",
        ),
        (
            {"on": dt.date(2022, 7, 1)},
            "QHM started on 1 July 2022: a merger must come after the "
            "systems it merges have started.",
        ),
        ({"from_codes": []}, "Name at least one system to merge."),
        ({"name": " "}, "This field cannot be blank."),
    ],
)
def test_a_merger_that_cannot_be_recorded_changes_nothing(world, arguments, message):
    before = (
        _members(world.west_yorkshire),
        System.objects.count(),
        SystemMembership.objects.count(),
    )
    given = {
        "into_code": "QZY",
        "name": "NHS North ICB",
        "from_codes": ["QWO", "QHM"],
        "on": APRIL,
        **arguments,
    }
    with pytest.raises(MergerError) as caught:
        system_merge(**given)
    assert caught.value.message == message
    assert (
        _members(world.west_yorkshire),
        System.objects.count(),
        SystemMembership.objects.count(),
    ) == before
    assert System.objects.get(pk=world.west_yorkshire.pk).valid_to is None


def test_an_ended_system_cannot_merge_again(world):
    system_merge(into_code="QZY", name="NHS North ICB", from_codes=["QWO"], on=APRIL)
    with pytest.raises(MergerError) as caught:
        system_merge(into_code="QZW", name="Again", from_codes=["QWO"], on=dt.date(2027, 4, 1))
    assert caught.value.message == "QWO ended on 31 March 2026, before the merger on 1 April 2027."


def test_the_merger_command_records_a_merger_across_regions_with_a_region(world, capsys):
    call_command(
        "system_merge",
        "--into",
        "QZV",
        "--name",
        "NHS Long ICB",
        "--from",
        "QHM",
        "QJK",
        "--on",
        "2026-04-01",
        "--region",
        "Y58",
    )
    out = capsys.readouterr().out
    assert out.startswith(
        "QHM, QJK ended on 31 March 2026; NHS Long ICB (QZV) started on "
        "1 April 2026 with 3 member organisation(s)."
    )
    assert System.objects.get(ods_code="QZV").region == world.south


def test_the_merger_command_reports_a_refusal(world):
    with pytest.raises(CommandError, match="Nothing was changed: The systems are in different"):
        call_command(
            "system_merge",
            "--into",
            "QZV",
            "--name",
            "NHS Long ICB",
            "--from",
            "QHM",
            "QJK",
            "--on",
            "2026-04-01",
        )
    with pytest.raises(CommandError, match="'1 April' is not a date"):
        call_command(
            "system_merge", "--into", "QZV", "--name", "X", "--from", "QHM", "--on", "1 April"
        )


def test_an_administrator_records_a_merger_in_the_admin(world, client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.nhs.uk", "pw")
    client.force_login(admin)
    form = {"action": "merge", "_selected_action": [world.west_yorkshire.pk, world.north_east.pk]}
    page = client.post("/admin/assessments/system/", form)
    assert page.status_code == 200
    assert "Record the merger" in page.content.decode()
    done = client.post(
        "/admin/assessments/system/",
        {
            **form,
            "apply": "yes",
            "into_code": "QZY",
            "name": "NHS North ICB",
            "on": "2026-04-01",
            "region": "",
            "ons_code": "",
        },
        follow=True,
    )
    assert "QHM, QWO ended on 31 March 2026" in done.content.decode()
    assert System.objects.get(ods_code="QZY").replaces.count() == 2

    refused = client.post(
        "/admin/assessments/system/",
        {**form, "apply": "yes", "into_code": "QJK", "name": "Clash", "on": "2026-04-01"},
    )
    assert "A system with the code QJK already exists" in refused.content.decode()
