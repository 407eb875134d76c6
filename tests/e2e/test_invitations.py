"""An SRO invites a respondent, who accepts the invitation and signs in; every page passes axe.
The SRO starts from their home page and their system's people page."""

from playwright.sync_api import expect

from assessments.models import Membership, Role

PASSWORD = "a-long-new-password-2026"


def test_an_sro_invites_a_respondent_who_accepts_and_signs_in(steps, world):
    page = steps.page
    steps.sign_in("sro")
    steps.visit("/my/")
    page.get_by_role("link", name="People of NHS West Yorkshire Integrated Care Board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "People of NHS West Yorkshire Integrated Care Board"
    )
    # Not a system role (no SRO gives those), only the organisations it hosts.
    expect(page.get_by_role("link", name="Invite someone to one of its roles")).to_have_count(0)
    page.get_by_role("link", name="Invite someone to Northmoor Hospitals NHS Trust").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Invite someone to Northmoor Hospitals NHS Trust"
    )
    steps.assert_accessible()
    page.get_by_label("Their email address").fill("ada.lovelace@nhs.net")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Respondent").check()
    page.get_by_role("button", name="Create the invitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation created")
    steps.assert_accessible()
    link = page.locator("#invitation-link").inner_text().strip()
    steps.visit("/organisations/ZT001/people/")
    expect(page.get_by_role("cell", name="Ada Lovelace (ada.lovelace@nhs.net)")).to_be_visible()
    steps.assert_accessible()
    page.get_by_role("button", name="Sign out").or_(
        page.get_by_role("link", name="Sign out")
    ).click()

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept your invitation")
    expect(page.get_by_text("Ada, you are invited to be Respondent at Northmoor")).to_be_visible()
    steps.assert_accessible()
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(
        page.get_by_text("Your account is ready: sign in with your new username.")
    ).to_be_visible()
    steps.assert_accessible()

    steps.sign_in("ada", PASSWORD)
    expect(page.get_by_role("link", name="Northmoor Hospitals NHS Trust").first).to_be_visible()
    assert Membership.objects.filter(
        user__username="ada", role=Role.RESPONDENT, organisation=world.northmoor
    ).exists()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation not valid")
