from playwright.sync_api import expect


def test_a_visitor_reads_the_start_page_and_signs_in(steps, reader):
    steps.visit("/")
    expect(steps.page.get_by_role("heading", level=1)).to_have_text(
        "Assess and plan your system's digital maturity"
    )
    steps.assert_accessible()

    steps.page.get_by_role("link", name="Sign in").first.click()
    expect(steps.page.get_by_role("heading", level=1)).to_have_text("Sign in")
    steps.assert_accessible()

    steps.sign_in("reader")
    expect(steps.page.get_by_text("Rita Reader")).to_be_visible()
    expect(steps.page.get_by_role("heading", name="Where to go next")).to_be_visible()
    steps.assert_accessible()

    steps.page.get_by_role("button", name="Sign out").click()
    expect(steps.page.get_by_role("link", name="Sign in").first).to_be_visible()


def test_a_wrong_password_gets_a_clear_message(steps, reader):
    steps.sign_in("reader", "not-the-password")
    expect(steps.page.get_by_role("alert")).to_contain_text("Enter a correct username and password")
    steps.assert_accessible()


def test_the_error_pages_are_ours_and_accessible(steps, settings):
    settings.ROOT_URLCONF = "tests.error_urls"  # the site plus a view that fails on purpose

    response = steps.visit("/no-such-page/")
    assert response.status == 404
    expect(steps.page.get_by_role("heading", level=1)).to_have_text("Page not found")
    steps.assert_accessible()

    response = steps.visit("/test-errors/broken/")
    assert response.status == 500
    expect(steps.page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, there is a problem with the service"
    )
    steps.assert_accessible()

    response = steps.visit("/test-errors/database/")
    assert response.status == 503
    expect(steps.page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, the service is unavailable"
    )
    steps.assert_accessible()
    steps.page.get_by_role("link", name="Go to the start page").click()
    expect(steps.page.get_by_role("heading", level=1)).to_have_text(
        "Assess and plan your system's digital maturity"
    )
