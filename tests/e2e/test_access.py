"""Signed in as a respondent, an SRO and a regional analyst, each sees their own home and
nothing else; a locked-out login explains itself; every page passes axe (WCAG 2.2 AA)."""

from playwright.sync_api import expect

from assessments.models import Organisation


def then_the_page_is(steps, heading: str):
    expect(steps.page.get_by_role("heading", level=1)).to_have_text(heading)
    steps.assert_accessible()


def then_it_is_not_found(steps, path: str):
    response = steps.visit(path)
    assert response.status == 404, path
    then_the_page_is(steps, "Page not found")


def test_a_respondent_sees_their_own_organisation_and_nothing_else(steps, world, launched_round):
    launched_round()  # Northmoor's self-assessment to answer
    steps.sign_in("respondent")
    then_the_page_is(steps, "Assess and plan your system's digital maturity")
    nav = steps.page.get_by_role("navigation", name="Menu")
    expect(nav.get_by_role("link", name="My organisations and systems")).to_have_count(1)

    steps.page.get_by_role("link", name="My organisations and systems").first.click()
    then_the_page_is(steps, "My organisations and systems")
    expect(steps.page.get_by_role("heading", name="Your organisations")).to_be_visible()
    expect(steps.page.get_by_role("heading", name="Your systems")).to_have_count(0)
    rows = steps.page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(2)  # the header and Northmoor

    steps.page.get_by_role("link", name="Northmoor Hospitals NHS Trust").click()
    then_the_page_is(steps, "Northmoor Hospitals NHS Trust")
    expect(
        steps.page.get_by_role("link", name="Answer its self-assessment for 2026/27 assessment")
    ).to_be_visible()
    expect(
        steps.page.get_by_role("link", name="NHS West Yorkshire Integrated Care Board")
    ).to_have_count(0)

    for path in ("/systems/QWO/", "/organisations/ZT002/", "/regions/Y63/"):
        then_it_is_not_found(steps, path)


def test_an_sro_sees_their_system_and_its_members_only(steps, world):
    steps.sign_in("sro")
    steps.page.get_by_role("link", name="NHS West Yorkshire Integrated Care Board").first.click()
    then_the_page_is(steps, "NHS West Yorkshire Integrated Care Board")
    members = steps.page.get_by_role(
        "table", name="Member organisations of NHS West Yorkshire Integrated Care Board"
    )
    for name in (
        "Northmoor Hospitals NHS Trust",
        "Calderbrook Mental Health NHS Trust",
        "Moorland Ambulance Service NHS Trust",
    ):
        expect(members.get_by_role("link", name=name)).to_be_visible()
    expect(steps.page.get_by_text("Tynebridge")).to_have_count(0)

    members.get_by_role("link", name="Moorland Ambulance Service NHS Trust").click()
    then_the_page_is(steps, "Moorland Ambulance Service NHS Trust")
    steps.page.get_by_role(
        "link",
        name="Compare it with the other organisations of NHS West Yorkshire Integrated Care Board",
    ).click()
    then_the_page_is(steps, "NHS West Yorkshire Integrated Care Board: results")
    steps.page.go_back()

    steps.visit("/my/")
    then_the_page_is(steps, "My organisations and systems")
    expect(steps.page.get_by_role("cell", name="Digital SRO")).to_be_visible()

    for path in ("/systems/QHM/", "/systems/QJK/", "/organisations/ZT003/", "/regions/Y63/"):
        then_it_is_not_found(steps, path)


def test_a_regional_analyst_sees_their_region_and_nothing_beyond(steps, world):
    steps.sign_in("analyst")
    steps.page.get_by_role("link", name="North East and Yorkshire region").click()
    then_the_page_is(steps, "North East and Yorkshire")
    systems = steps.page.get_by_role("table")
    expect(systems.get_by_role("row")).to_have_count(3)
    systems.get_by_role(
        "link", name="NHS North East and North Cumbria Integrated Care Board"
    ).click()
    then_the_page_is(steps, "NHS North East and North Cumbria Integrated Care Board")
    expect(steps.page.get_by_role("link", name="Tynebridge Hospitals NHS Trust")).to_be_visible()

    steps.visit("/organisations/")
    then_the_page_is(steps, "Organisations")
    expect(steps.page.get_by_role("status")).to_have_text("5 organisations found.")
    expect(steps.page.get_by_text("Exewater")).to_have_count(0)

    for path in ("/regions/Y58/", "/systems/QJK/", "/organisations/ZT004/"):
        then_it_is_not_found(steps, path)


def test_an_administrator_searches_and_pages_through_organisations(steps, world):
    Organisation.objects.bulk_create(
        Organisation(
            ods_code=f"ZP{n:04d}", name=f"Fellside Surgery {n:02d}", care_setting="general_practice"
        )
        for n in range(30)
    )
    steps.sign_in("national")
    steps.page.get_by_role("link", name="Regions and systems", exact=True).click()
    then_the_page_is(steps, "Regions")

    steps.visit("/organisations/")
    steps.page.get_by_label("Name or ODS code").fill("fellside")
    steps.page.get_by_label("Care setting").select_option("general_practice")
    steps.page.get_by_role("button", name="Search").click()
    then_the_page_is(steps, "Organisations")
    expect(steps.page.get_by_role("status")).to_have_text(
        "30 organisations found, showing 1 to 25."
    )
    steps.page.get_by_role("link", name="Page 2").click()
    expect(steps.page.get_by_role("status")).to_have_text(
        "30 organisations found, showing 26 to 30."
    )
    steps.assert_accessible()

    steps.visit("/systems/?ended=on")
    then_the_page_is(steps, "Systems")
    expect(steps.page.get_by_role("status")).to_have_text("3 systems found.")


def test_a_locked_out_login_shows_a_clear_message(steps, world):
    for _ in range(5):
        steps.sign_in("respondent", "not-the-password")
    then_the_page_is(steps, "Too many attempts to sign in")
    expect(
        steps.page.get_by_text("signing in to this account is paused for 15 minutes")
    ).to_be_visible()
    expect(
        steps.page.get_by_text("Other people at your organisation can still sign in.")
    ).to_be_visible()
