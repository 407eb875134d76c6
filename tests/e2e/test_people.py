"""The people pages of the nation, a region and a system in the browser: a national
administrator finds them from the home page, invites an SRO and gives a role to someone who
already has an account; an SRO reactivates a person, who signs in again. axe on every page."""

from playwright.sync_api import expect

from assessments.models import AdminEvent, Invitation, Membership, Role
from assessments.services import person_deactivate


def test_a_national_administrator_goes_through_the_people_pages(steps, world):
    world.nobody.email = "nina.nobody@nhs.net"
    world.nobody.save(update_fields=["email"])
    page = steps.page
    steps.sign_in("national")
    steps.visit("/my/")
    page.get_by_role("link", name="People with a national role, and each region's").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People with a national role")
    expect(page.get_by_role("cell", name="National administrator")).to_be_visible()
    steps.assert_accessible()
    steps.screenshot("people-national")

    page.get_by_role("link", name="People of North East and Yorkshire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People of North East and Yorkshire")
    expect(
        page.get_by_role("cell", name="Regional analyst of North East and Yorkshire (Y63)")
    ).to_be_visible()
    steps.assert_accessible()
    steps.screenshot("people-region")

    page.get_by_role("link", name="People of NHS West Yorkshire Integrated Care Board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "People of NHS West Yorkshire Integrated Care Board"
    )
    expect(
        page.get_by_role("heading", name="Northmoor Hospitals NHS Trust (ZT001)", level=3)
    ).to_be_visible()
    steps.assert_accessible()
    steps.screenshot("people-system")

    # Invite a new SRO to the system.
    page.get_by_role("link", name="Invite someone to one of its roles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Invite someone to NHS West Yorkshire Integrated Care Board"
    )
    steps.assert_accessible()
    steps.screenshot("people-system-invite")
    page.get_by_label("Their email address").fill("grace.hopper@nhs.net")
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Digital SRO").check()
    page.get_by_role("button", name="Create the invitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation created")
    assert Invitation.objects.get(email="grace.hopper@nhs.net").system == world.west_yorkshire
    page.get_by_role("link", name="Back to people of NHS West Yorkshire").click()
    expect(page.get_by_role("cell", name="Grace Hopper (grace.hopper@nhs.net)")).to_be_visible()

    # Give a role to someone who already has an account: first a mistake, then rightly.
    page.get_by_role(
        "link", name="Give one of its roles to someone who already has an account"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Give a role at NHS West Yorkshire Integrated Care Board"
    )
    steps.assert_accessible()
    steps.screenshot("people-give")
    page.get_by_label("The email address of their account").fill("someone.new@nhs.net")
    page.get_by_label("Board reader").check()
    page.get_by_role("button", name="Give the role").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_text("No Waymark account has the email address someone.new@nhs.net").first
    ).to_be_visible()
    steps.assert_accessible()
    steps.screenshot("people-give-error")
    page.get_by_label("The email address of their account").fill("nina.nobody@nhs.net")
    page.get_by_role("button", name="Give the role").click()
    expect(
        page.get_by_text(
            "Nina Nobody is now Board reader of NHS West Yorkshire Integrated Care Board (QWO)."
        )
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "People of NHS West Yorkshire Integrated Care Board"
    )
    steps.assert_accessible()
    held = Membership.objects.get(user=world.nobody)
    assert (held.role, held.system, held.granted_by) == (
        Role.BOARD_READER,
        world.west_yorkshire,
        world.national,
    )
    assert AdminEvent.objects.filter(
        action=AdminEvent.Action.ROLE_GRANTED, actor=world.national, person=world.nobody
    ).exists()


def test_an_sro_reactivates_a_person_who_signs_in_again(steps, world):
    person_deactivate(by=world.national, person=world.respondent)
    page = steps.page
    steps.sign_in("sro")
    steps.visit("/my/")
    page.get_by_role("link", name="People of NHS West Yorkshire Integrated Care Board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "People of NHS West Yorkshire Integrated Care Board"
    )
    page.get_by_role("link", name="Reactivate Rosa Respondent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reactivate Rosa Respondent")
    steps.assert_accessible()
    steps.screenshot("people-reactivate")
    page.get_by_role("button", name="Reactivate Rosa Respondent").click()
    expect(page.get_by_text("Rosa Respondent can sign in again.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "People of NHS West Yorkshire Integrated Care Board"
    )
    steps.assert_accessible()
    world.respondent.refresh_from_db()
    assert world.respondent.is_active
    assert AdminEvent.objects.filter(
        action=AdminEvent.Action.REACTIVATED, actor=world.sro, person=world.respondent
    ).exists()
    page.get_by_role("button", name="Sign out").or_(
        page.get_by_role("link", name="Sign out")
    ).click()
    steps.sign_in("respondent")
    expect(page.get_by_role("link", name="Northmoor Hospitals NHS Trust").first).to_be_visible()
