"""The admin asks the access policy too; the demo is complete, fictional and repeatable."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from assessments.models import Membership, Organisation, Region, Role, System, SystemMembership
from assessments.services import demo_load
from assessments.services.demo import DEMO

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_analyst(world):
    """The North's analyst, made staff with permission to view organisations in the admin."""
    user = world.analyst
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="assessments", codename__startswith="view_"
        )
    )
    return user


def test_the_admin_shows_a_non_superuser_only_what_the_policy_lets_them_see(
    world, client, staff_analyst
):
    client.force_login(staff_analyst)
    page = client.get("/admin/assessments/organisation/").content.decode()
    assert "Northmoor Hospitals NHS Trust" in page and "Tynebridge Hospitals" in page
    assert "Exewater" not in page
    systems = client.get("/admin/assessments/system/").content.decode()
    assert "NHS Devon" not in systems
    hidden = client.get(f"/admin/assessments/organisation/{world.exewater.pk}/change/")
    assert hidden.status_code == 302  # the admin's answer for an object that is not there
    roles = client.get("/admin/assessments/membership/").content.decode()
    assert "other_sro" not in roles and "respondent" in roles


def test_the_admin_shows_a_national_administrator_everything(world, client):
    national = world.national
    national.is_staff = True
    national.save()
    national.user_permissions.add(*Permission.objects.filter(content_type__app_label="assessments"))
    client.force_login(national)
    page = client.get("/admin/assessments/organisation/").content.decode()
    assert "Exewater" in page and "Northmoor" in page
    assert "Import from CSV" in page


def test_the_demo_populates_every_system():
    result = demo_load(password="demo-password-2026")
    assert System.objects.count() == 42
    for system in System.objects.all():
        members = Organisation.objects.in_system(system)
        settings = list(members.values_list("care_setting", flat=True))
        assert settings.count("icb") == 1
        assert 3 <= sum(s in ("acute", "mental_health", "community") for s in settings) <= 6
        assert 5 <= settings.count("general_practice") <= 15
        assert settings.count("ambulance") == 1
    assert result.users_added == 7
    assert Organisation.objects.get(ods_code="QWO").care_setting == "icb"


def test_demo_organisations_below_icb_level_are_plainly_fictional():
    demo_load(password="demo-password-2026")
    below_icb = Organisation.objects.exclude(care_setting="icb")
    assert below_icb.count() > System.objects.count()  # not vacuous: several per system
    for organisation in below_icb:
        assert organisation.name.endswith(DEMO), organisation.name
        assert organisation.ods_code.startswith("Z"), organisation.ods_code
    names = list(Organisation.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))


def test_one_ambulance_trust_serves_every_system_of_its_region():
    demo_load(password="demo-password-2026")
    ambulance_trusts = Organisation.objects.filter(care_setting="ambulance")
    assert ambulance_trusts.exists()  # not vacuous
    assert set(
        ambulance_trusts.values_list("system_memberships__system__region", flat=True)
    ) == set(Region.objects.values_list("pk", flat=True))  # every region has one
    for trust in ambulance_trusts:
        memberships = list(trust.system_memberships.select_related("system"))
        regions = {m.system.region_id for m in memberships}
        assert len(regions) == 1
        assert len(memberships) == System.objects.filter(region_id=regions.pop()).count()
        assert sum(m.is_host for m in memberships) == 1


def test_the_demo_is_deterministic_and_loading_it_again_changes_nothing():
    demo_load(password="demo-password-2026")
    first = sorted(Organisation.objects.values_list("ods_code", "name", "care_setting"))
    counts = (
        Organisation.objects.count(),
        SystemMembership.objects.count(),
        Membership.objects.count(),
    )
    again = demo_load(password="demo-password-2026")
    assert (again.organisations_added, again.memberships_added, again.users_added) == (0, 0, 0)
    assert (
        Organisation.objects.count(),
        SystemMembership.objects.count(),
        Membership.objects.count(),
    ) == counts
    Membership.objects.all().delete()
    Organisation.objects.all().delete()
    demo_load(password="demo-password-2026")
    assert sorted(Organisation.objects.values_list("ods_code", "name", "care_setting")) == first


def test_there_is_a_demo_login_for_every_role():
    demo_load(password="demo-password-2026")
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {
        "respondent": Role.RESPONDENT,
        "respondent2": Role.RESPONDENT,
        "approver": Role.APPROVER,
        "sro": Role.SRO,
        "analyst": Role.ANALYST,
        "board": Role.BOARD_READER,
        "national": Role.NATIONAL_ADMIN,
    }


def test_setup_prints_each_login_with_its_role_and_scope(capsys):
    call_command("waymark_setup")
    capsys.readouterr()
    call_command("waymark_setup", "--logins")
    out = capsys.readouterr().out
    assert "demo logins (password for all: waymark-demo-2026)" in out
    assert (
        "  sro          Sam Owner          Digital SRO of NHS West Yorkshire Integrated Care "
        "Board (QWO)" in out
    )
    assert (
        "  analyst      Ali Analyst        Regional analyst of North East and Yorkshire (Y63)"
        in out
    )
    assert "  national     Nia National       National administrator" in out
    # Two respondents and an approver in the demo organisation.
    for line in (
        "  respondent   Ravi Respondent    Respondent at ",
        "  respondent2  Rhian Responder    Respondent at ",
        "  approver     Anna Approver      Approver at ",
    ):
        assert line in out
    assert "  admin        -                  Superuser" in out


def test_the_demo_national_administrator_can_give_people_roles_in_the_admin(client):
    demo_load(password="demo-password-2026")
    client.force_login(Membership.objects.get(role=Role.NATIONAL_ADMIN).user)
    assert client.get("/admin/assessments/membership/add/").status_code == 200
    found = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "assessments",
            "model_name": "membership",
            "field_name": "user",
            "term": "respondent",
        },
    )
    assert [r["text"] for r in found.json()["results"]] == ["respondent", "respondent2"]
