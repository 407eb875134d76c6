"""Inviting people: who may invite whom to which role, the single-use link that expires, and
every bad input refused with nothing half-written."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from assessments.models import Invitation, Membership, Role
from assessments.services import (
    InvitationError,
    NoSuchInvitation,
    NotAllowed,
    invitation_accept,
    invitation_create,
)

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "a-long-new-password-2026"


NORTHMOOR = object()  # the default scope: the respondent's organisation


def invite(world, by, role=Role.RESPONDENT, scope=NORTHMOOR, email="new.person@nhs.net", **fields):
    """`scope` None is a national role."""
    return invitation_create(
        by=by,
        email=email,
        first_name=fields.get("first_name", "Nell"),
        last_name=fields.get("last_name", "Newcomer"),
        role=role,
        scope=world.northmoor if scope is NORTHMOOR else scope,
    )


def accept(token, username="nell", password=PASSWORD, again=None, **kwargs):
    return invitation_accept(
        token=token,
        username=username,
        password=password,
        password_again=password if again is None else again,
        **kwargs,
    )


@pytest.mark.parametrize(
    "person, role, scope, allowed",
    [
        ("national", Role.SRO, "west_yorkshire", True),
        ("national", Role.NATIONAL_ADMIN, None, True),
        ("sro", Role.RESPONDENT, "northmoor", True),
        ("sro", Role.APPROVER, "northmoor", True),
        ("sro", Role.BOARD_READER, "northmoor", True),
        ("sro", Role.BOARD_READER, "west_yorkshire", False),  # the system itself: national only
        ("sro", Role.SRO, "west_yorkshire", False),
        ("sro", Role.RESPONDENT, "tynebridge", False),  # hosted by another system
        ("other_sro", Role.RESPONDENT, "northmoor", False),
        ("approver", Role.RESPONDENT, "northmoor", True),
        ("approver", Role.APPROVER, "northmoor", False),
        ("approver", Role.RESPONDENT, "calderbrook", False),
        ("respondent", Role.RESPONDENT, "northmoor", False),
        ("analyst", Role.RESPONDENT, "northmoor", False),
    ],
)
def test_who_may_invite_whom(world, person, role, scope, allowed):
    where = getattr(world, scope) if scope else None
    if allowed:
        invitation, token = invite(world, getattr(world, person), role, where)
        assert invitation.role == role and len(token) >= 40
        assert invitation.token_hash != token  # only a hash is kept
    else:
        with pytest.raises(NotAllowed):
            invite(world, getattr(world, person), role, where)
        assert not Invitation.objects.exists()


def test_an_invitation_is_accepted_once_and_gives_the_role(world):
    invitation, token = invite(world, world.sro)
    user = accept(token)
    assert (user.username, user.email, user.first_name, user.check_password(PASSWORD)) == (
        "nell",
        "new.person@nhs.net",
        "Nell",
        True,
    )
    assert list(Membership.objects.filter(user=user).values_list("role", "organisation")) == [
        (Role.RESPONDENT, world.northmoor.pk)
    ]
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    with pytest.raises(InvitationError, match="already been used"):
        accept(token, username="nell2")
    assert User.objects.filter(username__startswith="nell").count() == 1


def test_an_invitation_expires(world):
    _, token = invite(world, world.sro)
    with pytest.raises(InvitationError, match="expired"):
        accept(token, now=timezone.now() + dt.timedelta(days=8))
    assert not User.objects.filter(username="nell").exists()


def test_an_altered_link_is_not_found(world):
    _, token = invite(world, world.sro)
    with pytest.raises(NoSuchInvitation):
        accept(token[:-1] + ("A" if token[-1] != "A" else "B"))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"username": " "}, "Choose a username"),
        ({"username": "nell smith"}, "letters, digits"),
        ({"username": "respondent"}, "is taken"),
        ({"again": "something-else-entirely"}, "not the same"),
        ({"password": "short"}, "too short"),
        ({"password": "password1234"}, "too common"),
    ],
)
def test_a_bad_acceptance_writes_nothing(world, kwargs, message):
    invitation, token = invite(world, world.sro)
    users = User.objects.count()
    with pytest.raises(InvitationError, match=message):
        accept(token, **kwargs)
    assert User.objects.count() == users
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"email": "not-an-email"}, "Enter an email address"),
        ({"email": "rosa@example.org"}, "already has a Waymark account"),
        ({"first_name": " "}, "first name and last name"),
    ],
)
def test_a_bad_invitation_writes_nothing(world, fields, message):
    world.respondent.email = "rosa@example.org"
    world.respondent.save()
    with pytest.raises(InvitationError, match=message):
        invite(world, world.sro, **fields)
    assert not Invitation.objects.exists()


def test_a_role_needs_its_scope(world):
    with pytest.raises(InvitationError, match="needs exactly one organisation"):
        invite(world, world.national, Role.RESPONDENT, world.west_yorkshire)


def test_the_pages_invite_and_accept(client, world):
    client.force_login(world.sro)
    organisation_page = client.get(reverse("assessments:organisation", args=["ZT001"]))
    assert reverse("assessments:invite", args=["ZT001"]) in organisation_page.content.decode()
    url = reverse("assessments:invite", args=["ZT001"])
    page = client.get(url).content.decode()
    for label in ("Respondent", "Approver", "Board reader"):
        assert label in page
    bad = client.post(
        url, {"email": "x", "first_name": "A", "last_name": "B", "role": "respondent"}
    )
    assert bad.status_code == 400 and "Enter an email address" in bad.content.decode()
    bad = client.post(
        url, {"email": "a@nhs.net", "first_name": "A", "last_name": "B", "role": "sro"}
    )
    assert bad.status_code == 400 and "Choose the role" in bad.content.decode()
    assert not Invitation.objects.exists()
    response = client.post(
        url, {"email": "a@nhs.net", "first_name": "Ada", "last_name": "B", "role": "respondent"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    link = page.split('id="invitation-link">')[1].split("<")[0]
    assert link.startswith("http://testserver/invitations/")

    client.logout()
    path = link.removeprefix("http://testserver")
    assert "Ada, you are invited to be Respondent at Northmoor" in client.get(path).content.decode()
    response = client.post(
        path, {"username": "ada", "password": PASSWORD, "password_again": PASSWORD}
    )
    assert response.status_code == 303 and response["Location"] == reverse("login")
    signed_in = client.post(reverse("login"), {"username": "ada", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("start")
    client.logout()
    used = client.get(path)
    assert used.status_code == 410 and "already been used" in used.content.decode()
    assert client.get("/invitations/not-a-real-token/").status_code == 404


@pytest.mark.parametrize("person, status", [("other_sro", 404), ("respondent", 403)])
def test_the_invitation_page_refuses_others(client, world, person, status):
    client.force_login(getattr(world, person))
    url = reverse("assessments:invite", args=["ZT001"])
    assert client.get(url).status_code == status
    data = {"email": "a@nhs.net", "first_name": "A", "last_name": "B", "role": "respondent"}
    assert client.post(url, data).status_code == status
    assert not Invitation.objects.exists()


def test_an_organisations_people_page_lists_roles_and_waiting_invitations(client, world):
    invite(world, world.sro, Role.APPROVER, email="wait@nhs.net", first_name="Walt")
    _, token = invite(world, world.sro, email="done@nhs.net")
    accept(token, username="dora")
    url = reverse("assessments:people", args=["ZT001"])
    client.force_login(world.approver)
    page = client.get(url).content.decode()
    rows = page.split("<h2>Invitations not yet accepted</h2>")
    assert "Rosa Respondent" in rows[0] and "Amir Approver" in rows[0] and "dora" in rows[0]
    assert "Walt Newcomer (wait@nhs.net)" in rows[1] and "done@nhs.net" not in rows[1]
    assert "Sara Owner" in rows[1]  # who invited them
    for person, status in (("respondent", 403), ("other_sro", 404), ("board_org", 403)):
        client.force_login(getattr(world, person))
        assert client.get(url).status_code == status, person
