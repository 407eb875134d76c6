"""The people pages of a system, a region and the nation; inviting to and giving roles at each
scope; reactivating a person; the way in from the home page and the scopes' pages. Only for
those the access policy allows, every change in the administration log, nothing half-written
on bad input."""

import pytest
from django.contrib.auth import get_user_model

from assessments import access
from assessments.models import AdminEvent, Invitation, Membership, Role
from assessments.services import (
    MembershipError,
    NotAllowed,
    PeopleError,
    invitation_create,
    membership_grant,
    person_deactivate,
    person_reactivate,
    role_give,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _signs_in(client, username: str) -> bool:
    """Through the sign-in page, as a person would (the lockout backend wants a request)."""
    response = client.post("/sign-in/", {"username": username, "password": PASSWORD})
    return response.status_code == 302


SYSTEM = "/systems/QWO/people/"
REGION = "/regions/Y63/people/"
NATIONAL = "/people/national/"


@pytest.fixture
def logged(world):
    first = (AdminEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    return lambda: AdminEvent.objects.filter(pk__gte=first)


@pytest.fixture
def emails(world):
    """Give the personas email addresses, as accounts made by invitation have."""
    for name in ("respondent", "approver", "sro", "nobody", "analyst", "other_respondent"):
        user = getattr(world, name)
        user.email = f"{name}@nhs.example"
        user.save(update_fields=["email"])
    return world


def _snapshot():
    return (
        sorted(Membership.objects.values_list("pk", "user_id", "role")),
        AdminEvent.objects.count(),
        Invitation.objects.count(),
    )


# --- who sees which page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, person, status",
    [
        (SYSTEM, "national", 200),
        (SYSTEM, "sro", 200),
        (SYSTEM, "analyst", 200),  # the region's analysts see its systems' people
        (SYSTEM, "board_system", 403),  # sees the system, not its people
        (SYSTEM, "other_sro", 404),
        (SYSTEM, "other_analyst", 404),
        (SYSTEM, "respondent", 404),
        (SYSTEM, "approver", 404),
        (SYSTEM, "nobody", 404),
        (REGION, "national", 200),
        (REGION, "analyst", 200),
        (REGION, "other_analyst", 404),
        (REGION, "sro", 404),
        (REGION, "respondent", 404),
        (NATIONAL, "national", 200),
        (NATIONAL, "analyst", 403),
        (NATIONAL, "sro", 403),
        (NATIONAL, "approver", 403),
        (NATIONAL, "nobody", 403),
        ("/systems/NOPE/people/", "national", 404),
        ("/regions/NOPE/people/", "national", 404),
    ],
)
def test_who_sees_each_people_page(client, world, url, person, status):
    client.force_login(getattr(world, person))
    assert client.get(url).status_code == status


def test_the_pages_ask_for_a_sign_in(client, world):
    for url in (SYSTEM, REGION, NATIONAL, f"{SYSTEM}give/", "/people/national/invite/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")


def test_a_systems_page_lists_its_roles_and_its_hosted_organisations_people(client, world):
    membership_grant(
        by=world.national, user=world.nobody, role=Role.RESPONDENT, organisation=world.ambulance
    )
    client.force_login(world.sro)
    page = client.get(SYSTEM).content.decode()
    assert "<h1>People of NHS West Yorkshire Integrated Care Board</h1>" in page
    assert "Digital SRO of NHS West Yorkshire Integrated Care Board (QWO)" in page
    assert "Board reader of NHS West Yorkshire Integrated Care Board (QWO)" in page
    for hosted in (
        "Northmoor Hospitals NHS Trust (ZT001)",
        "Calderbrook Mental Health NHS Trust (ZT002)",
        "Moorland Ambulance Service NHS Trust (ZA01)",
    ):
        assert f">{hosted}</h3>" in page
    assert "Respondent at Northmoor Hospitals NHS Trust (ZT001)" in page
    assert "Approver at Northmoor Hospitals NHS Trust (ZT001)" in page
    # Who gave it: the national administrator here; the factories' roles were given by nobody.
    assert "Nadia National" in page
    assert "Not recorded" in page
    # Not another system's organisation, nor another system's people.
    assert "Tynebridge" not in page
    assert "Exewater" not in page
    assert "Olga" not in page
    # The SRO invites to each hosted organisation, from its own page.
    assert 'href="/organisations/ZT001/invite/"' in page
    assert 'href="/organisations/ZT001/people/"' in page
    # No role at the system itself is the SRO's to give.
    assert f'href="{SYSTEM}invite/"' not in page
    assert f'href="{SYSTEM}give/"' not in page


def test_each_row_offers_only_the_actions_the_policy_allows(client, world):
    sro_role = Membership.objects.get(user=world.sro)
    board_role = Membership.objects.get(user=world.board_system)
    respondent_role = Membership.objects.get(user=world.respondent)
    client.force_login(world.sro)
    page = client.get(SYSTEM).content.decode()
    assert f"/people/roles/{respondent_role.pk}/remove/?next=%2Fsystems%2FQWO%2Fpeople%2F" in page
    assert f"/people/{world.respondent.pk}/deactivate/?next=" in page
    assert f"/people/roles/{sro_role.pk}/remove/" not in page  # an SRO gives no system role
    assert f"/people/roles/{board_role.pk}/remove/" not in page
    assert f"/people/{world.sro.pk}/deactivate/" not in page

    client.force_login(world.analyst)
    page = client.get(SYSTEM).content.decode()
    assert "Rosa Respondent" in page
    assert "/remove/" not in page
    assert "/deactivate/" not in page
    assert "/invite/" not in page
    assert ">Change</th>" not in page

    client.force_login(world.national)
    page = client.get(SYSTEM).content.decode()
    assert f"/people/roles/{sro_role.pk}/remove/" in page
    assert f"/people/roles/{board_role.pk}/remove/" in page
    assert f'href="{SYSTEM}invite/"' in page
    assert f'href="{SYSTEM}give/"' in page


def test_a_regions_page_lists_its_analysts_and_its_systems_roles(client, world):
    client.force_login(world.analyst)
    page = client.get(REGION).content.decode()
    assert "<h1>People of North East and Yorkshire</h1>" in page
    assert "Regional analyst of North East and Yorkshire (Y63)" in page
    assert "Digital SRO of NHS West Yorkshire Integrated Care Board (QWO)" in page
    assert 'href="/systems/QWO/people/"' in page
    assert 'href="/systems/QHM/people/"' in page
    assert "Omar" not in page and "Olga" not in page  # the South West's people
    assert "/invite/" not in page and "/give/" not in page  # an analyst gives nothing


def test_the_national_page_lists_national_administrators_and_each_regions_analysts(client, world):
    client.force_login(world.national)
    page = client.get(NATIONAL).content.decode()
    assert "<h1>People with a national role</h1>" in page
    assert "Nadia National" in page
    assert "Regional analyst of North East and Yorkshire (Y63)" in page
    assert "Regional analyst of South West (Y58)" in page
    assert 'href="/regions/Y63/people/"' in page
    # Nobody takes away their own national role, nor deactivates themselves.
    own = Membership.objects.get(user=world.national)
    assert f"/people/roles/{own.pk}/remove/" not in page
    assert f"/people/{world.national.pk}/deactivate/" not in page


def test_the_people_pages_make_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    from tests.factories import OrganisationFactory, PersonaFactory

    client.force_login(world.national)
    with django_assert_max_num_queries(40) as few:
        client.get(SYSTEM)
    for n in range(6):
        organisation = OrganisationFactory(member_of=[world.west_yorkshire])
        PersonaFactory(role=Role.RESPONDENT, at=organisation, first_name=f"Extra{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(SYSTEM)
    page = response.content.decode()
    assert all(f'<td class="nhsuk-table__cell">Extra{n}<br>' in page for n in range(6))


# --- inviting at each scope ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, offered, refused",
    [
        ("/organisations/ZT001/invite/", ["respondent", "approver", "board_reader"], ["sro"]),
        ("/systems/QWO/people/invite/", ["sro", "board_reader"], ["respondent", "analyst"]),
        ("/regions/Y63/people/invite/", ["analyst"], ["sro", "national_admin"]),
        ("/people/national/invite/", ["national_admin"], ["analyst", "sro"]),
    ],
)
def test_a_national_administrator_invites_to_the_roles_each_scope_holds(
    client, world, url, offered, refused
):
    client.force_login(world.national)
    page = client.get(url).content.decode()
    for role in offered:
        assert f'value="{role}"' in page
    for role in refused:
        assert f'value="{role}"' not in page
        before = _snapshot()
        response = client.post(
            url,
            {"email": "new@nhs.example", "first_name": "New", "last_name": "Person", "role": role},
        )
        assert response.status_code == 400
        assert "Choose the role to invite them to." in response.content.decode()
        assert _snapshot() == before
    response = client.post(
        url,
        {
            "email": "new@nhs.example",
            "first_name": "New",
            "last_name": "Person",
            "role": offered[0],
        },
    )
    assert response.status_code == 200
    assert "Invitation created" in response.content.decode()
    invitation = Invitation.objects.get(email="new@nhs.example")
    assert (invitation.role, invitation.invited_by) == (offered[0], world.national)


def test_an_invitation_to_a_system_role_is_accepted_and_gives_the_role(client, world):
    client.force_login(world.national)
    response = client.post(
        "/systems/QWO/people/invite/",
        {"email": "ada@nhs.example", "first_name": "Ada", "last_name": "Lovelace", "role": "sro"},
    )
    link = response.content.decode().split('id="invitation-link">')[1].split("<")[0]
    client.logout()
    response = client.post(
        link, {"username": "ada", "password": PASSWORD, "password_again": PASSWORD}
    )
    assert response.status_code == 303
    held = Membership.objects.get(user__username="ada")
    assert (held.role, held.system, held.granted_by) == (
        Role.SRO,
        world.west_yorkshire,
        world.national,
    )
    assert _signs_in(client, "ada")
    assert client.get(SYSTEM).status_code == 200


@pytest.mark.parametrize(
    "person, url, status",
    [
        ("sro", "/systems/QWO/people/invite/", 403),  # no system role is the SRO's to give
        ("sro", "/regions/Y63/people/invite/", 404),
        ("sro", "/people/national/invite/", 403),
        ("sro", "/organisations/ZT004/invite/", 404),  # Exewater: another system's
        ("sro", "/organisations/ZT003/invite/", 404),  # Tynebridge: another system's
        ("other_sro", "/organisations/ZT001/invite/", 404),
        ("analyst", "/regions/Y63/people/invite/", 403),
        ("analyst", "/systems/QWO/people/invite/", 403),
        ("approver", "/people/national/invite/", 403),
        ("board_system", "/systems/QWO/people/invite/", 403),
    ],
)
def test_nobody_invites_beyond_their_reach(client, world, person, url, status):
    client.force_login(getattr(world, person))
    before = _snapshot()
    assert client.get(url).status_code == status
    response = client.post(
        url, {"email": "x@nhs.example", "first_name": "X", "last_name": "Y", "role": "respondent"}
    )
    assert response.status_code == status
    assert _snapshot() == before


def test_an_sro_invites_to_hosted_organisations_but_not_into_another_system(world):
    invitation, _ = invitation_create(
        by=world.sro,
        email="a@nhs.example",
        first_name="A",
        last_name="B",
        role=Role.BOARD_READER,
        scope=world.ambulance,  # hosted by West Yorkshire
    )
    assert invitation.organisation == world.ambulance
    for scope in (world.exewater, world.tynebridge):
        with pytest.raises(NotAllowed):
            invitation_create(
                by=world.sro,
                email="b@nhs.example",
                first_name="A",
                last_name="B",
                role=Role.RESPONDENT,
                scope=scope,
            )
    with pytest.raises(NotAllowed):
        invitation_create(
            by=world.sro,
            email="c@nhs.example",
            first_name="A",
            last_name="B",
            role=Role.SRO,
            scope=world.devon,
        )
    assert Invitation.objects.count() == 1


def test_inviting_someone_with_an_account_points_to_giving_the_role(client, emails):
    client.force_login(emails.national)
    response = client.post(
        "/systems/QWO/people/invite/",
        {"email": "nobody@nhs.example", "first_name": "Nina", "last_name": "Nobody", "role": "sro"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "nobody@nhs.example already has a Waymark account: give them the role" in page
    assert 'href="/systems/QWO/people/give/"' in page
    assert not Invitation.objects.exists()


# --- giving a role to someone who already has an account ----------------------------------------


def test_a_national_administrator_gives_a_system_role_by_email(client, emails, logged):
    world = emails
    client.force_login(world.national)
    url = f"{SYSTEM}give/"
    page = client.get(url).content.decode()
    assert 'value="sro"' in page and 'value="board_reader"' in page
    assert 'value="respondent"' not in page
    response = client.post(url, {"email": " Nobody@NHS.example ", "role": "board_reader"})
    assert (response.status_code, response["Location"]) == (303, SYSTEM)
    held = Membership.objects.get(user=world.nobody)
    assert (held.role, held.system, held.granted_by) == (
        Role.BOARD_READER,
        world.west_yorkshire,
        world.national,
    )
    event = logged().get()
    assert (event.action, event.actor, event.person, event.after) == (
        AdminEvent.Action.ROLE_GRANTED,
        world.national,
        world.nobody,
        {"role": "board_reader", "scope": "QWO"},
    )
    page = client.get(SYSTEM).content.decode()
    assert (
        "Nina Nobody is now Board reader of NHS West Yorkshire Integrated Care Board (QWO)." in page
    )


@pytest.mark.parametrize(
    "url, role, scope_field",
    [
        ("/regions/Y63/people/give/", "analyst", "region"),
        ("/people/national/give/", "national_admin", None),
        ("/organisations/ZT001/people/give/", "approver", "organisation"),
    ],
)
def test_a_national_administrator_gives_a_role_at_every_scope(
    client, emails, url, role, scope_field
):
    client.force_login(emails.national)
    response = client.post(url, {"email": "nobody@nhs.example", "role": role})
    assert response.status_code == 303
    held = Membership.objects.get(user=emails.nobody)
    assert held.role == role
    assert (scope_field is None) == (held.scope is None)


def test_an_approver_gives_respondent_only_at_their_organisation(client, emails, logged):
    world = emails
    client.force_login(world.approver)
    url = "/organisations/ZT001/people/give/"
    page = client.get(url).content.decode()
    assert 'value="respondent"' in page
    assert 'value="approver"' not in page
    before = _snapshot()
    response = client.post(url, {"email": "nobody@nhs.example", "role": "approver"})
    assert response.status_code == 400
    assert "Choose the role to give them." in response.content.decode()
    assert _snapshot() == before
    assert (
        client.post(url, {"email": "nobody@nhs.example", "role": "respondent"}).status_code == 303
    )
    assert Membership.objects.get(user=world.nobody).granted_by == world.approver
    assert logged().get().actor == world.approver
    # Not at another organisation.
    assert client.get("/organisations/ZT002/people/give/").status_code == 404


def test_an_sro_gives_hosted_organisations_roles_but_not_system_roles(client, emails):
    world = emails
    client.force_login(world.sro)
    assert client.get(f"{SYSTEM}give/").status_code == 403
    assert (
        client.post(f"{SYSTEM}give/", {"email": "nobody@nhs.example", "role": "sro"}).status_code
        == 403
    )
    assert client.get("/systems/QJK/people/give/").status_code == 404
    assert client.get("/organisations/ZT004/people/give/").status_code == 404
    response = client.post(
        "/organisations/ZA01/people/give/", {"email": "nobody@nhs.example", "role": "board_reader"}
    )
    assert response.status_code == 303
    assert Membership.objects.get(user=world.nobody).organisation == world.ambulance
    with pytest.raises(NotAllowed):
        role_give(
            by=world.sro, email="nobody@nhs.example", role=Role.RESPONDENT, scope=world.exewater
        )
    with pytest.raises(NotAllowed):
        role_give(
            by=world.sro, email="nobody@nhs.example", role=Role.SRO, scope=world.west_yorkshire
        )


@pytest.mark.parametrize(
    "fields, message",
    [
        (
            {"email": "", "role": "sro"},
            "Enter the email address of their Waymark account.",
        ),
        (
            {"email": "   ", "role": "sro"},
            "Enter the email address of their Waymark account.",
        ),
        ({"email": "not an email", "role": "sro"}, "Enter an email address, like name@nhs.net."),
        (
            {"email": "stranger@nhs.example", "role": "sro"},
            "No Waymark account has the email address stranger@nhs.example: invite them instead.",
        ),
        ({"email": "nobody@nhs.example", "role": ""}, "Choose the role to give them."),
        ({"email": "nobody@nhs.example", "role": "respondent"}, "Choose the role to give them."),
        ({"email": "nobody@nhs.example", "role": "analyst"}, "Choose the role to give them."),
        ({"email": "nobody@nhs.example", "role": "nonsense"}, "Choose the role to give them."),
        (
            {"email": "sro@nhs.example", "role": "sro"},
            "Sara Owner (sro) is already Digital SRO of NHS West Yorkshire Integrated Care Board (QWO).",
        ),
        (
            {"email": "respondent@nhs.example", "role": "sro"},
            "Rosa Respondent (respondent) is deactivated: reactivate their account",
        ),
    ],
)
def test_giving_a_role_refuses_bad_input_and_writes_nothing(client, emails, fields, message):
    world = emails
    person_deactivate(by=world.national, person=world.respondent)
    client.force_login(world.national)
    before = _snapshot()
    response = client.post(f"{SYSTEM}give/", fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "There is a problem" in page
    assert _snapshot() == before


def test_giving_a_role_refuses_an_email_shared_by_two_accounts(emails):
    world = emails
    get_user_model().objects.create_user(username="twin", email="NOBODY@nhs.example")
    with pytest.raises(MembershipError, match="More than one Waymark account"):
        role_give(
            by=world.national, email="nobody@nhs.example", role=Role.SRO, scope=world.west_yorkshire
        )
    with pytest.raises(MembershipError, match="needs exactly one system"):
        role_give(by=world.national, email="sro@nhs.example", role=Role.SRO, scope=world.north)
    assert not Membership.objects.filter(user__username__in=["nobody", "twin"]).exists()


# --- reactivating -------------------------------------------------------------------------------


def test_an_sro_reactivates_a_person_who_can_then_sign_in_again(client, world, logged):
    person_deactivate(by=world.sro, person=world.respondent)
    assert not _signs_in(client, "respondent")
    client.force_login(world.sro)
    page = client.get(SYSTEM).content.decode()
    url = f"/people/{world.respondent.pk}/reactivate/"
    assert f"{url}?next=%2Fsystems%2FQWO%2Fpeople%2F" in page
    assert "Deactivated" in page
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Respondent at Northmoor Hospitals NHS Trust (ZT001)" in confirm.content.decode()
    response = client.post(url, {"next": SYSTEM})
    assert (response.status_code, response["Location"]) == (303, SYSTEM)
    world.respondent.refresh_from_db()
    assert world.respondent.is_active
    event = logged().filter(action=AdminEvent.Action.REACTIVATED).get()
    assert (event.actor, event.person, event.before, event.after) == (
        world.sro,
        world.respondent,
        {"is_active": False},
        {"is_active": True},
    )
    client.logout()
    assert _signs_in(client, "respondent")
    assert client.get("/organisations/ZT001/").status_code == 200


def test_the_organisation_page_offers_reactivation_too(client, world):
    person_deactivate(by=world.national, person=world.respondent)
    client.force_login(world.approver)
    page = client.get("/organisations/ZT001/people/").content.decode()
    assert (
        f"/people/{world.respondent.pk}/reactivate/?next=%2Forganisations%2FZT001%2Fpeople%2F"
        in page
    )
    response = client.post(
        f"/people/{world.respondent.pk}/reactivate/", {"next": "/organisations/ZT001/people/"}
    )
    assert response["Location"] == "/organisations/ZT001/people/"
    world.respondent.refresh_from_db()
    assert world.respondent.is_active


@pytest.mark.parametrize(
    "person, status",
    [
        ("analyst", 403),
        ("board_org", 403),
        ("respondent2", 403),
        ("other_sro", 404),
        ("nobody", 404),
    ],
)
def test_those_not_permitted_cannot_reactivate(client, world, colleague, person, status):
    world.users["respondent2"] = colleague
    person_deactivate(by=world.national, person=world.approver)
    client.force_login(getattr(world, person))
    url = f"/people/{world.approver.pk}/reactivate/"
    before = AdminEvent.objects.count()
    assert client.get(url).status_code == status
    assert client.post(url).status_code == status
    world.approver.refresh_from_db()
    assert not world.approver.is_active
    assert AdminEvent.objects.count() == before
    with pytest.raises(NotAllowed):
        person_reactivate(by=getattr(world, person), person=world.approver)


def test_reactivating_someone_active_says_so_and_logs_nothing(client, world):
    client.force_login(world.national)
    before = AdminEvent.objects.count()
    response = client.post(f"/people/{world.respondent.pk}/reactivate/")
    assert response.status_code == 400
    assert "Rosa Respondent (respondent) can already sign in." in response.content.decode()
    assert AdminEvent.objects.count() == before
    with pytest.raises(PeopleError):
        person_reactivate(by=world.national, person=world.respondent)
    assert access.may_reactivate(world.national, world.respondent)
    assert not access.may_reactivate(world.national, world.national)
    assert not access.may_reactivate(world.approver, world.board_org)


def test_an_action_returns_only_to_a_page_of_this_site(client, world):
    client.force_login(world.national)
    response = client.post(
        f"/people/{world.sro.pk}/deactivate/", {"next": "https://evil.example/people/"}
    )
    assert (response.status_code, response["Location"]) == (303, SYSTEM)
    response = client.post(f"/people/{world.sro.pk}/reactivate/", {"next": "//evil.example/"})
    assert (response.status_code, response["Location"]) == (303, SYSTEM)


# --- taking a role away and deactivating from any people page ------------------------------------


def test_a_national_administrator_takes_away_a_system_role_from_the_system_page(
    client, world, logged
):
    role = Membership.objects.get(user=world.board_system)
    client.force_login(world.national)
    url = f"/people/roles/{role.pk}/remove/"
    confirm = client.get(f"{url}?next={SYSTEM}").content.decode()
    assert (
        "will no longer be Board reader of NHS West Yorkshire Integrated Care Board (QWO)"
        in confirm
    )
    response = client.post(url, {"next": SYSTEM})
    assert (response.status_code, response["Location"]) == (303, SYSTEM)
    assert not Membership.objects.filter(pk=role.pk).exists()
    event = logged().get()
    assert (event.action, event.actor, event.person) == (
        AdminEvent.Action.ROLE_REMOVED,
        world.national,
        world.board_system,
    )


@pytest.mark.parametrize(
    "person, status", [("sro", 403), ("analyst", 403), ("other_sro", 404), ("respondent", 404)]
)
def test_others_cannot_take_system_roles_away(client, world, person, status):
    role = Membership.objects.get(user=world.board_system)
    client.force_login(getattr(world, person))
    assert client.post(f"/people/roles/{role.pk}/remove/").status_code == status
    assert client.post(f"/people/{world.board_system.pk}/deactivate/").status_code == status
    assert Membership.objects.filter(pk=role.pk).exists()
    world.board_system.refresh_from_db()
    assert world.board_system.is_active


def test_an_analyst_is_deactivated_from_the_region_page_by_a_national_administrator(client, world):
    client.force_login(world.national)
    page = client.get(REGION).content.decode()
    url = f"/people/{world.analyst.pk}/deactivate/"
    assert f"{url}?next=%2Fregions%2FY63%2Fpeople%2F" in page
    assert client.post(url, {"next": REGION})["Location"] == REGION
    world.analyst.refresh_from_db()
    assert not world.analyst.is_active


# --- the way in ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "person, links",
    [
        ("national", [NATIONAL]),
        ("sro", [SYSTEM]),
        ("analyst", [REGION]),
        ("approver", ["/organisations/ZT001/people/"]),
        ("respondent", []),
        ("board_system", []),
        ("board_org", []),
        ("nobody", []),
    ],
)
def test_the_home_page_links_to_the_people_pages_one_may_open(client, world, person, links):
    client.force_login(getattr(world, person))
    page = client.get("/my/").content.decode()
    found = [
        href
        for href in (NATIONAL, SYSTEM, REGION, "/organisations/ZT001/people/")
        if f'href="{href}"' in page
    ]
    assert found == links
    assert ("<h2>People</h2>" in page) == bool(links)
    for href in found:
        assert client.get(href).status_code == 200


def test_the_system_and_region_pages_link_to_their_people(client, world):
    client.force_login(world.sro)
    assert f'href="{SYSTEM}"' in client.get("/systems/QWO/").content.decode()
    client.force_login(world.board_system)
    assert f'href="{SYSTEM}"' not in client.get("/systems/QWO/").content.decode()
    client.force_login(world.analyst)
    assert f'href="{REGION}"' in client.get("/regions/Y63/").content.decode()
    assert f'href="{SYSTEM}"' in client.get("/systems/QWO/").content.decode()
    client.force_login(world.national)
    assert f'href="{NATIONAL}"' in client.get("/regions/Y63/").content.decode()


# --- the page-at-once rules agree with the one-at-a-time rules -------------------------------------


def test_the_batch_rules_agree_with_the_one_at_a_time_rules(world, colleague):
    person_deactivate(by=world.national, person=colleague)
    membership_grant(by=None, user=world.approver, role=Role.SRO, system=world.devon)
    memberships = list(
        Membership.objects.select_related("user", "organisation", "system", "region")
    )
    people = {m.user for m in memberships} | {world.nobody}
    from assessments.models import Organisation, Region, System

    scopes = [
        *Organisation.objects.all(),
        *System.objects.all(),
        *Region.objects.all(),
    ]
    for viewer in world.users.values():
        assert access.revocable(viewer, memberships) == {
            m.pk for m in memberships if access.may_revoke(viewer, m)
        }, viewer
        assert access.deactivatable(viewer, people) == {
            p.pk for p in people if access.may_deactivate(viewer, p)
        }, viewer
        for kind in (Organisation, System, Region):
            group = [s for s in scopes if isinstance(s, kind)]
            assert access.people_links(viewer, group) == {
                s.pk: (access.may_see_people(viewer, s), bool(access.grantable_roles(viewer, s)))
                for s in group
            }, viewer
