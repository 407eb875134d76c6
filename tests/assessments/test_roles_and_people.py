"""Taking roles away, deactivating people, and moving the roles left at systems ended by a
merger to their successor: only for those the access policy allows, each in the
administration log."""

import datetime as dt

import pytest

from assessments.models import AdminEvent, Membership, Role
from assessments.selectors.people import roles_to_review
from assessments.services import (
    NotAllowed,
    PeopleError,
    membership_grant,
    merger_roles_move,
    person_deactivate,
    system_merge,
)

pytestmark = pytest.mark.django_db

APRIL = dt.date(2026, 4, 1)
REVIEW = "/systems/merged/roles/"


@pytest.fixture
def logged(world):
    first = (AdminEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    return lambda: AdminEvent.objects.filter(pk__gte=first)


def _people(ods_code="ZT001"):
    return f"/organisations/{ods_code}/people/"


# --- taking a role away -------------------------------------------------------------------------


def test_an_sro_takes_away_a_respondents_role_from_the_people_page(logged, world, client):
    client.force_login(world.sro)
    role = Membership.objects.get(user=world.respondent)
    url = f"{_people()}roles/{role.pk}/remove/"
    page = client.get(_people()).content.decode()
    assert url in page
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "will no longer be Respondent at Northmoor Hospitals NHS Trust (ZT001)" in (
        confirm.content.decode()
    )
    response = client.post(url)
    assert (response.status_code, response["Location"]) == (303, _people())
    assert not Membership.objects.filter(pk=role.pk).exists()
    event = logged().get()
    assert (event.action, event.actor, event.person) == (
        AdminEvent.Action.ROLE_REMOVED,
        world.sro,
        world.respondent,
    )


def test_an_approver_takes_away_respondents_only(world, client):
    client.force_login(world.approver)
    respondent_role = Membership.objects.get(user=world.respondent)
    board_role = Membership.objects.get(user=world.board_org)
    page = client.get(_people()).content.decode()
    assert f"roles/{respondent_role.pk}/remove/" in page
    assert f"roles/{board_role.pk}/remove/" not in page
    assert client.post(f"{_people()}roles/{board_role.pk}/remove/").status_code == 403
    assert Membership.objects.filter(pk=board_role.pk).exists()


@pytest.mark.parametrize("who", ["respondent", "other_sro", "analyst", "nobody"])
def test_outsiders_cannot_take_roles_away(world, client, who):
    client.force_login(getattr(world, who))
    role = Membership.objects.get(user=world.approver)
    response = client.post(f"{_people()}roles/{role.pk}/remove/")
    assert response.status_code in (403, 404)
    assert Membership.objects.filter(pk=role.pk).exists()


def test_a_role_at_another_organisation_is_not_found_through_this_one(world, client):
    client.force_login(world.national)
    elsewhere = Membership.objects.get(user=world.other_respondent)
    assert client.post(f"{_people()}roles/{elsewhere.pk}/remove/").status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


# --- deactivating a person ----------------------------------------------------------------------


def test_an_sro_deactivates_a_person_whose_every_role_they_may_take_away(logged, world, client):
    client.force_login(world.sro)
    url = f"{_people()}{world.respondent.pk}/deactivate/"
    assert url in client.get(_people()).content.decode()
    page = client.get(url).content.decode()
    assert "Respondent at Northmoor Hospitals NHS Trust (ZT001)" in page
    response = client.post(url)
    assert response.status_code == 303
    world.respondent.refresh_from_db()
    assert world.respondent.is_active is False
    assert Membership.objects.filter(user=world.respondent).exists()  # kept for the record
    event = logged().get()
    assert (event.action, event.actor, event.person, event.after) == (
        AdminEvent.Action.DEACTIVATED,
        world.sro,
        world.respondent,
        {"is_active": False},
    )
    client.force_login(world.sro)
    again = client.post(url)
    assert again.status_code == 400
    assert "Rosa Respondent (respondent) is already deactivated." in again.content.decode()
    assert logged().count() == 1


def test_nobody_deactivates_someone_with_a_role_beyond_their_reach(world, client):
    # The respondent is also SRO of Devon: West Yorkshire's SRO cannot take that away.
    membership_grant(by=None, user=world.respondent, role=Role.SRO, system=world.devon)
    client.force_login(world.sro)
    url = f"{_people()}{world.respondent.pk}/deactivate/"
    assert url not in client.get(_people()).content.decode()
    assert client.post(url).status_code == 403
    world.respondent.refresh_from_db()
    assert world.respondent.is_active
    with pytest.raises(NotAllowed):
        person_deactivate(by=world.approver, person=world.board_org)
    with pytest.raises(NotAllowed):
        person_deactivate(by=world.national, person=world.national)  # not oneself


# --- roles left at systems ended by a merger ----------------------------------------------------


@pytest.fixture
def merged(world):
    system_merge(into_code="QZY", name="NHS North ICB", from_codes=["QWO", "QHM"], on=APRIL)
    return world


def test_the_roles_left_at_ended_systems_are_listed_for_national_administrators(merged, client):
    world = merged
    [item] = roles_to_review()
    assert item.system == world.west_yorkshire
    assert item.successor.ods_code == "QZY"
    assert [(m.user.username, m.role) for m in item.roles] == [
        ("board_system", Role.BOARD_READER),
        ("sro", Role.SRO),
    ]
    client.force_login(world.national)
    page = client.get(REVIEW).content.decode()
    assert "NHS West Yorkshire Integrated Care Board (QWO)" in page
    assert "Move these 2 roles to NHS North ICB" in page


def test_a_national_administrator_moves_them_to_the_successor_in_one_step(logged, merged, client):
    world = merged
    client.force_login(world.national)
    response = client.post(REVIEW, {"system": "QWO"})
    assert (response.status_code, response["Location"]) == (303, REVIEW)
    assert sorted(
        Membership.objects.filter(system__ods_code="QZY").values_list("user__username", "role")
    ) == [("board_system", Role.BOARD_READER), ("sro", Role.SRO)]
    assert not Membership.objects.filter(system=world.west_yorkshire).exists()
    assert roles_to_review() == []
    events = list(logged().exclude(action=AdminEvent.Action.SYSTEMS_MERGED).order_by("pk"))
    assert [(e.action, e.actor, e.person.username) for e in events] == [
        (AdminEvent.Action.ROLE_MOVED, world.national, "board_system"),
        (AdminEvent.Action.ROLE_MOVED, world.national, "sro"),
    ]
    assert events[1].before == {"role": "sro", "scope": "QWO"}
    assert events[1].after == {"role": "sro", "scope": "QZY"}
    assert "No roles are left at systems ended by a merger." in client.get(REVIEW).content.decode()


@pytest.mark.parametrize("who", ["sro", "analyst", "respondent"])
def test_only_national_administrators_review_and_move_roles(merged, client, who):
    client.force_login(getattr(merged, who))
    assert client.get(REVIEW).status_code == 403
    assert client.post(REVIEW, {"system": "QWO"}).status_code == 403
    assert Membership.objects.filter(system=merged.west_yorkshire).count() == 2


def test_moving_refuses_a_system_that_did_not_end_in_a_merger(merged, client):
    world = merged
    client.force_login(world.national)
    response = client.post(REVIEW, {"system": "QJK"})
    assert response.status_code == 400
    assert "NHS Devon Integrated Care Board has not been merged into another system." in (
        response.content.decode()
    )
    assert Membership.objects.filter(system=world.devon).count() == 1
    assert client.post(REVIEW, {"system": "NOPE"}).status_code == 404
    with pytest.raises(PeopleError, match="has not been merged"):
        merger_roles_move(by=world.national, ended=world.devon)
    with pytest.raises(NotAllowed):
        merger_roles_move(by=world.sro, ended=world.west_yorkshire)


def test_an_invitation_is_not_honoured_once_the_inviter_lost_the_right_to_give_the_role(world):
    from django.contrib.auth import get_user_model

    from assessments.services import InvitationError, invitation_accept, invitation_create
    from assessments.services.memberships import membership_revoke

    _, token = invitation_create(
        by=world.sro,
        email="ada@nhs.net",
        first_name="Ada",
        last_name="Lovelace",
        role=Role.RESPONDENT,
        scope=world.northmoor,
    )
    membership_revoke(by=world.national, membership=Membership.objects.get(user=world.sro))
    with pytest.raises(InvitationError, match="the person who invited you can no longer give"):
        invitation_accept(
            token=token,
            username="ada",
            password="a-long-new-password-2026",
            password_again="a-long-new-password-2026",
        )
    assert not get_user_model().objects.filter(username="ada").exists()
    assert not Membership.objects.filter(user__email="ada@nhs.net").exists()
