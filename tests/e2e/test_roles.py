"""Taking a role away, deactivating a person, and moving the roles left at a merged system to
its successor, in the browser; every page passes axe."""

import datetime as dt

from playwright.sync_api import expect

from assessments.models import AdminEvent, Membership, Role
from assessments.services import system_merge


def test_an_sro_takes_a_role_away_and_deactivates_a_person(steps, world):
    page = steps.page
    steps.sign_in("sro")
    steps.visit("/organisations/ZT001/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "People of Northmoor Hospitals NHS Trust"
    )
    steps.assert_accessible()
    page.get_by_role("link", name="Take away Amir Approver's role Approver").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Take away Amir Approver's role")
    steps.assert_accessible()
    page.get_by_role("button", name="Take away the role").click()
    expect(page.get_by_text("Amir Approver is no longer Approver at Northmoor")).to_be_visible()
    assert not Membership.objects.filter(user=world.approver).exists()

    page.get_by_role("link", name="Deactivate Rosa Respondent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deactivate Rosa Respondent")
    steps.assert_accessible()
    page.get_by_role("button", name="Deactivate Rosa Respondent").click()
    expect(page.get_by_text("Rosa Respondent can no longer sign in.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Rosa Respondent")).to_contain_text(
        "Deactivated"
    )
    expect(page.get_by_role("link", name="Reactivate Rosa Respondent")).to_be_visible()
    steps.assert_accessible()
    world.respondent.refresh_from_db()
    assert not world.respondent.is_active
    assert set(AdminEvent.objects.filter(actor=world.sro).values_list("action", flat=True)) == {
        AdminEvent.Action.ROLE_REMOVED,
        AdminEvent.Action.DEACTIVATED,
    }


def test_a_national_administrator_moves_roles_after_a_merger(steps, world):
    system_merge(
        into_code="QZY", name="NHS North ICB", from_codes=["QWO", "QHM"], on=dt.date(2026, 4, 1)
    )
    page = steps.page
    steps.sign_in("national")
    steps.visit("/my/")
    page.get_by_role("link", name="Roles at systems ended by a merger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Roles at systems ended by a merger")
    expect(page.get_by_role("cell", name="Sara Owner")).to_be_visible()
    steps.assert_accessible()
    page.get_by_role("button", name="Move these 2 roles to NHS North ICB").click()
    expect(page.get_by_text("2 role(s) moved from NHS West Yorkshire")).to_be_visible()
    expect(page.get_by_text("No roles are left at systems ended by a merger.")).to_be_visible()
    steps.assert_accessible()
    assert Membership.objects.filter(user=world.sro, role=Role.SRO, system__ods_code="QZY").exists()
