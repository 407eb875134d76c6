"""Roles only through the rules, whichever door: a staff member of the Django admin who is not a
superuser and holds one system's SRO role (West Yorkshire) gives, imports and edits only what
the access policy lets them, exactly as on the pages; every change is in the administration
log, which cannot be changed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import AdminEvent, AppendOnlyError, Membership, Organisation, Role, System
from assessments.services import (
    NotAllowed,
    ensure_national_administrators_group,
    membership_grant,
    membership_revoke,
    organisations_import,
    system_merge,
)

pytestmark = pytest.mark.django_db

ADD_ROLE = "/admin/assessments/membership/add/"
IMPORT = "/admin/assessments/organisation/import/"


@pytest.fixture(autouse=True)
def logged(world):
    """The administration log's entries written by the test (the world's own roles, given by
    the factories, are logged before it starts)."""
    first = (AdminEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    return lambda: AdminEvent.objects.filter(pk__gte=first)


def _staff(user):
    """Staff with every permission the national administrators' group has in the admin."""
    user.is_staff = True
    user.save()
    user.groups.add(ensure_national_administrators_group())
    return user


@pytest.fixture
def staff_sro(world, client):
    client.force_login(_staff(world.sro))
    return world.sro


@pytest.fixture
def staff_national(world, client):
    client.force_login(_staff(world.national))
    return world.national


def _add_role(client, **fields):
    data = {"user": "", "role": "", "organisation": "", "system": "", "region": ""}
    data.update({name: getattr(value, "pk", value) for name, value in fields.items()})
    return client.post(ADD_ROLE, data)


# --- (a) giving roles ---------------------------------------------------------------------------


def test_a_staff_sro_cannot_make_anyone_a_national_administrator_in_the_admin(
    logged, world, client, staff_sro
):
    response = _add_role(client, user=world.nobody, role=Role.NATIONAL_ADMIN)
    assert response.status_code == 200  # the form again, with the reason
    assert "You cannot make someone National administrator." in response.content.decode()
    assert not Membership.objects.filter(role=Role.NATIONAL_ADMIN, user=world.nobody).exists()
    response = _add_role(client, user=world.sro, role=Role.NATIONAL_ADMIN)
    assert not Membership.objects.filter(role=Role.NATIONAL_ADMIN, user=world.sro).exists()
    assert not logged().exists()


@pytest.mark.parametrize(
    "role, scope",
    [
        (Role.SRO, "devon"),  # another system
        (Role.SRO, "west_yorkshire"),  # their own system: SROs do not make SROs
        (Role.ANALYST, "north"),  # their region
        (Role.BOARD_READER, "west_yorkshire"),  # a system role
        (Role.RESPONDENT, "exewater"),  # an organisation in another system
        (Role.RESPONDENT, "tynebridge"),  # another system of their region
    ],
)
def test_a_staff_sro_cannot_give_a_role_the_policy_does_not_let_them_give(
    world, client, staff_sro, role, scope
):
    at = getattr(world, scope)
    field = {"Organisation": "organisation", "System": "system", "Region": "region"}
    before = Membership.objects.count()
    response = _add_role(client, user=world.nobody, role=role, **{field[type(at).__name__]: at})
    assert response.status_code == 200
    assert Membership.objects.count() == before
    assert not Membership.objects.filter(user=world.nobody).exists()


def test_a_staff_sro_gives_the_roles_they_may_give_and_it_is_logged(
    logged, world, client, staff_sro
):
    response = _add_role(
        client, user=world.nobody, role=Role.APPROVER, organisation=world.northmoor
    )
    assert response.status_code == 302
    held = Membership.objects.get(user=world.nobody)
    assert (held.role, held.organisation) == (Role.APPROVER, world.northmoor)
    event = logged().get()
    assert (event.action, event.actor, event.person) == (
        AdminEvent.Action.ROLE_GRANTED,
        world.sro,
        world.nobody,
    )
    assert event.subject == (
        "Nina Nobody (nobody): Approver at Northmoor Hospitals NHS Trust (ZT001)"
    )
    assert event.after == {"role": "approver", "scope": "ZT001"}


def test_roles_are_not_edited_in_place_in_the_admin(world, client, staff_sro):
    respondent_role = Membership.objects.get(user=world.respondent)
    response = client.post(
        f"/admin/assessments/membership/{respondent_role.pk}/change/",
        {"user": world.respondent.pk, "role": Role.NATIONAL_ADMIN},
    )
    assert response.status_code == 403
    respondent_role.refresh_from_db()
    assert respondent_role.role == Role.RESPONDENT


def test_a_staff_sro_takes_away_only_roles_they_may_give(logged, world, client, staff_sro):
    respondent_role = Membership.objects.get(user=world.respondent)
    board_role = Membership.objects.get(user=world.board_system)  # a system role: not theirs
    response = client.post(
        f"/admin/assessments/membership/{board_role.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Membership.objects.filter(pk=board_role.pk).exists()
    response = client.post(
        "/admin/assessments/membership/",
        {
            "action": "delete_selected",
            "_selected_action": [respondent_role.pk, board_role.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 403
    # All or nothing: the respondent's role, which they might take away, is still there.
    assert Membership.objects.filter(pk__in=[respondent_role.pk, board_role.pk]).count() == 2
    response = client.post(
        f"/admin/assessments/membership/{respondent_role.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=respondent_role.pk).exists()
    event = logged().get()
    assert (event.action, event.actor, event.person) == (
        AdminEvent.Action.ROLE_REMOVED,
        world.sro,
        world.respondent,
    )
    assert event.before == {"role": "respondent", "scope": "ZT001"}


def test_the_grant_service_itself_refuses_whatever_the_door(logged, world):
    with pytest.raises(NotAllowed, match="You cannot make someone National administrator"):
        membership_grant(by=world.sro, user=world.nobody, role=Role.NATIONAL_ADMIN)
    with pytest.raises(NotAllowed):
        membership_grant(by=world.analyst, user=world.nobody, role=Role.SRO, system=world.devon)
    national_role = Membership.objects.get(user=world.national)
    with pytest.raises(NotAllowed):
        membership_revoke(by=world.sro, membership=national_role)
    with pytest.raises(NotAllowed):  # nobody takes away their own national role
        membership_revoke(by=world.national, membership=national_role)
    assert Membership.objects.filter(pk=national_role.pk).exists()
    assert not logged().exists()


def test_a_national_administrator_gives_any_role_in_the_admin(
    logged, world, client, staff_national
):
    response = _add_role(client, user=world.nobody, role=Role.SRO, system=world.devon)
    assert response.status_code == 302
    assert Membership.objects.filter(user=world.nobody, role=Role.SRO, system=world.devon).exists()
    assert logged().get().actor == world.national


# --- (b) importing organisations ----------------------------------------------------------------

RENAME_EXEWATER = (
    "ods_code,name,care_setting,system_code,host\n"
    "ZT004,Renamed Community NHS Trust,community,QJK,yes\n"
)


def _upload(client, text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    upload = SimpleUploadedFile("organisations.csv", data, content_type="text/csv")
    return client.post(IMPORT, {"file": upload})


def test_a_staff_sro_cannot_import_organisations_in_the_admin(logged, world, client, staff_sro):
    assert client.get(IMPORT).status_code == 403
    assert _upload(client, RENAME_EXEWATER).status_code == 403
    assert Organisation.objects.get(ods_code="ZT004").name == "Exewater Community NHS Trust"
    page = client.get("/admin/assessments/organisation/").content.decode()
    assert "Import from CSV" not in page
    with pytest.raises(NotAllowed, match="Only a national administrator can import"):
        organisations_import(data=RENAME_EXEWATER.encode(), by=world.sro)
    assert Organisation.objects.get(ods_code="ZT004").name == "Exewater Community NHS Trust"
    assert not logged().exists()


def test_a_national_administrator_imports_and_the_import_is_logged(
    logged, world, client, staff_national
):
    response = _upload(client, RENAME_EXEWATER)
    assert response.status_code == 302
    assert Organisation.objects.get(ods_code="ZT004").name == "Renamed Community NHS Trust"
    event = logged().get()
    assert (event.action, event.actor) == (AdminEvent.Action.ORGANISATIONS_IMPORTED, world.national)
    assert event.after == {
        "added": [],
        "updated": ["ZT004"],
        "memberships_added": 0,
        "hosts_changed": 0,
    }
    # The same file again changes nothing, and logs nothing.
    assert _upload(client, RENAME_EXEWATER).status_code == 302
    assert logged().count() == 1


# --- (c) systems and organisations: read-only to all but national administrators ---------------


def test_a_system_change_page_shows_a_staff_sro_no_other_system(world, client, staff_sro):
    page = client.get(f"/admin/assessments/system/{world.west_yorkshire.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "NHS West Yorkshire Integrated Care Board" in text
    assert "NHS Devon" not in text and "North Cumbria" not in text
    assert "South West" not in text  # no region selector either
    assert 'name="replaces"' not in text and 'name="name"' not in text  # read-only


def test_a_staff_sro_cannot_change_organisations_or_systems(world, client, staff_sro):
    response = client.post(
        f"/admin/assessments/organisation/{world.northmoor.pk}/change/",
        {"ods_code": "ZT001", "name": "Renamed", "care_setting": "acute"},
    )
    assert response.status_code == 403
    assert Organisation.objects.get(pk=world.northmoor.pk).name == "Northmoor Hospitals NHS Trust"
    assert client.get("/admin/assessments/system/add/").status_code == 403
    with pytest.raises(NotAllowed):
        system_merge(
            into_code="QZZ",
            name="NHS North ICB",
            from_codes=["QWO", "QHM"],
            on=world.west_yorkshire.valid_from.replace(year=2030),
            by=world.sro,
        )
    assert not System.objects.filter(ods_code="QZZ").exists()


def test_a_national_administrators_change_of_a_system_is_logged_and_replaces_is_read_only(
    logged, world, client, staff_national
):
    url = f"/admin/assessments/system/{world.devon.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="replaces"' not in page  # mergers record predecessors, through their service
    response = client.post(
        url,
        {
            "ods_code": "QJK",
            "ons_code": "",
            "name": "NHS Devon ICB",
            "region": world.south.pk,
            "valid_from": world.devon.valid_from.isoformat(),
            "valid_to": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert System.objects.get(pk=world.devon.pk).name == "NHS Devon ICB"
    event = logged().get()
    assert (event.action, event.actor, event.subject) == (
        AdminEvent.Action.SYSTEM_CHANGED,
        world.national,
        "NHS Devon ICB (QJK)",
    )
    assert event.before == {"name": "NHS Devon Integrated Care Board"}
    assert event.after == {"name": "NHS Devon ICB"}


def test_the_administration_log_cannot_be_changed_or_deleted(logged, world):
    membership_grant(
        by=world.national, user=world.nobody, role=Role.RESPONDENT, organisation=world.exewater
    )
    event = logged().get()
    event.subject = "something else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AdminEvent.objects.update(subject="x")
    with pytest.raises(AppendOnlyError):
        AdminEvent.objects.all().delete()


def test_a_refused_file_in_the_admin_shows_every_problem_and_writes_nothing(
    logged, world, client, staff_national
):
    bad = RENAME_EXEWATER + "ZT005,Evil \u202etsurT,community,QJK,yes\n"
    response = _upload(client, bad)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Row 3, column name: " in page and "bidirectional control character (U+202E)" in page
    assert Organisation.objects.get(ods_code="ZT004").name == "Exewater Community NHS Trust"
    assert not Organisation.objects.filter(ods_code="ZT005").exists()
    response = _upload(client, RENAME_EXEWATER.encode("utf-16-le"))
    assert response.status_code == 200
    assert "The file is not UTF-8 text: it is UTF-16" in response.content.decode()
    assert Organisation.objects.get(ods_code="ZT004").name == "Exewater Community NHS Trust"
    assert not logged().exists()


def test_the_database_itself_refuses_to_rewrite_the_administration_log(world):
    from django.db import DatabaseError, connection, transaction

    event = AdminEvent.objects.order_by("pk").first()
    table = AdminEvent._meta.db_table
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET subject = 'rewritten' WHERE id = %s", [event.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE id = %s", [event.pk])
    assert AdminEvent.objects.get(pk=event.pk).subject != "rewritten"


# --- (d) people and groups ----------------------------------------------------------------------


@pytest.fixture
def staff_with_user_rights(world, client):
    """An SRO who is staff and was given Django's own user and group permissions directly."""
    from django.contrib.auth.models import Permission

    user = _staff(world.sro)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="auth",
            codename__in=["add_user", "change_user", "delete_user", "change_group", "add_group"],
        )
    )
    client.force_login(user)
    return user


def test_d_a_staff_member_with_change_user_cannot_make_anyone_a_superuser(
    world, client, staff_with_user_rights
):
    me = staff_with_user_rights
    url = f"/admin/auth/user/{me.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()  # read-only view
    response = client.post(
        url,
        {
            "username": me.username,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 403
    me.refresh_from_db()
    assert not me.is_superuser
    assert client.get("/admin/auth/user/add/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403
    assert client.post("/admin/auth/group/add/", {"name": "mine"}).status_code == 403


def test_d_the_user_list_shows_only_people_whose_roles_the_staff_member_may_see(
    world, client, staff_with_user_rights
):
    page = client.get("/admin/auth/user/?q=").content.decode()
    assert world.sro.username in page
    assert world.national.username not in page  # national roles are seen by national admins only
    other = client.get(f"/admin/auth/user/{world.national.pk}/change/")
    assert other.status_code in (302, 404)  # Django's admin redirects a hidden object to the list


def test_the_admin_links_a_national_administrator_only_to_pages_that_open(
    world, client, staff_national, launched_round
):
    """Found by tests/test_links_per_role.py: a round's framework version and a person's
    "Reset password" were links that answered 403."""
    round_ = launched_round()
    page = client.get(f"/admin/assessments/round/{round_.pk}/change/").content.decode()
    version = f"/admin/frameworks/frameworkversion/{round_.framework_version_id}/change/"
    assert f'href="{version}"' in page
    assert client.get(version).status_code == 200
    person = client.get(f"/admin/auth/user/{world.sro.pk}/change/")
    assert person.status_code == 200 and world.sro.username in person.content.decode()
    assert "password/" not in person.content.decode()
    assert client.get(f"/admin/auth/user/{world.sro.pk}/password/").status_code == 403
