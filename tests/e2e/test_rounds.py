"""A national administrator runs a round in the browser: creates it (one mistake on the way),
checks what launching will create, launches it and follows its progress; every page passes axe."""

from playwright.sync_api import expect

from assessments.models import Assessment, Round


def test_a_national_administrator_creates_and_launches_a_round(steps, world):
    steps.sign_in("national")
    steps.visit("/my/")
    steps.page.get_by_role(
        "link", name="Assessment rounds: create, launch, follow and close them"
    ).click()
    expect(steps.page.get_by_role("heading", level=1)).to_have_text("Assessment rounds")
    steps.assert_accessible()

    steps.page.get_by_role("button", name="Create a round").click()
    steps.assert_accessible()
    page = steps.page
    page.get_by_label("Name").fill("2027/28 assessment")
    page.get_by_label("Published framework version").select_option(
        label="What Good Looks Like 1.0.0"
    )
    opens = page.get_by_role("group", name="Opens on")
    opens.get_by_label("Day").fill("1")
    opens.get_by_label("Month").fill("5")
    opens.get_by_label("Year").fill("2027")
    closes = page.get_by_role("group", name="Closes on")
    closes.get_by_label("Day").fill("30")
    closes.get_by_label("Month").fill("9")
    closes.get_by_label("Year").fill("2026")  # before it opens: a mistake
    page.get_by_label("Acute").check()
    page.get_by_label("Community").check()
    page.get_by_role("button", name="Create the round").click()

    expect(page.get_by_role("alert")).to_contain_text("close on or after the day it opens")
    steps.assert_accessible()
    assert not Round.objects.exists()
    page.get_by_role("group", name="Closes on").get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Create the round").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("2027/28 assessment")
    expect(page.get_by_text("Launching creates 3 assessments")).to_be_visible()
    steps.assert_accessible()
    page.get_by_role("button", name="Launch the round").click()

    expect(
        page.get_by_text("2027/28 assessment is launched: 3 assessments created.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Not submitted yet (3)")).to_be_visible()
    steps.assert_accessible()
    round_ = Round.objects.get(name="2027/28 assessment")
    assert round_.launched_by == world.national
    assert set(
        Assessment.objects.filter(round=round_).values_list("organisation__ods_code", flat=True)
    ) == {"ZT001", "ZT003", "ZT004"}


def test_an_sro_follows_their_system_and_is_refused_elsewhere(steps, world, launched_round):
    round_ = launched_round()
    steps.sign_in("sro")
    steps.visit("/systems/QWO/")
    steps.page.get_by_role("link", name="See how far its organisations have got").click()
    expect(steps.page.get_by_role("heading", level=1)).to_contain_text("2026/27 assessment")
    expect(
        steps.page.get_by_role("cell", name="Northmoor Hospitals NHS Trust (ZT001)")
    ).to_be_visible()
    steps.assert_accessible()
    assert steps.visit(f"/rounds/{round_.pk}/systems/QJK/").status == 404
    assert steps.visit(f"/rounds/{round_.pk}/").status == 403
