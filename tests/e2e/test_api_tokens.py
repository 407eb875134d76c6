"""A person makes an API token, copies it once, uses it, and revokes it; the API's documentation
page loads from our own server under the content security policy. Every page passes axe."""

import json

from playwright.sync_api import expect

from assessments.models import ApiToken
from tests.e2e.conftest import screenshot


def test_an_sro_makes_uses_and_revokes_an_api_token(steps, world):
    page = steps.page
    steps.sign_in("sro")
    steps.visit("/my/")
    page.get_by_role("link", name="Your API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your API tokens")
    expect(page.get_by_text("You have no tokens.")).to_be_visible()
    steps.assert_accessible()

    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    steps.assert_accessible()

    page.get_by_label("Name").fill("Regional dashboard")
    page.get_by_label("Read only").check()
    page.get_by_label("Limit it to one organisation or system (optional)").fill("QWO")
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_role("heading", name="Copy your new token now")).to_be_visible()
    secret = page.get_by_label("Your token").input_value()
    assert secret.startswith("wmk_")
    steps.assert_accessible()
    screenshot(page, "api-tokens-new")

    api = page.request.get(
        steps.base + "/api/v1/systems/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert api.status == 200
    assert [s["ods_code"] for s in json.loads(api.text())["results"]] == ["QWO"]

    steps.visit("/my/api-tokens/")
    expect(page.get_by_role("cell", name="Read only, only NHS West Yorkshire")).to_be_visible()
    expect(page.get_by_text("Last used", exact=False).last).to_be_visible()
    page.get_by_role("button", name="Revoke Regional dashboard").click()
    expect(page.get_by_text("“Regional dashboard” is revoked: it no longer works.")).to_be_visible()
    steps.assert_accessible()
    screenshot(page, "api-tokens-revoked")
    assert ApiToken.objects.get().revoked_at is not None
    again = page.request.get(
        steps.base + "/api/v1/systems/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert again.status == 401


def test_the_api_reference_reads_well_under_the_content_security_policy(steps, world):
    page = steps.page
    refused = []
    # Only our own server's files and the content security policy count: the NHS.UK styles'
    # font comes from assets.nhs.uk, which a machine without the internet cannot reach.
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on(
        "requestfailed",
        lambda r: refused.append(r.url) if r.url.startswith(steps.base) else None,
    )
    steps.visit("/api/docs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Waymark API reference")
    expect(page.get_by_role("link", name="Sign in to make an API token")).to_be_visible()
    steps.assert_accessible()
    screenshot(page, "api-docs", full_page=False)
    screenshot(page, "api-docs-full", timeout=90_000)
    assert refused == []

    # The contents list leads to each tag's section, which leads to each operation.
    page.get_by_role("link", name="Endpoints: Assessments").click()
    expect(page.get_by_role("heading", name="Endpoints: Assessments")).to_be_in_viewport()
    section = page.locator("section[aria-labelledby=tag-assessments]")
    section.get_by_role("link", name="PUT /api/v1/assessments/").click()
    operation = page.locator("#assessments_answers_update")
    expect(operation).to_be_in_viewport()
    screenshot(page, "api-docs-operation", full_page=False)
    assert page.url.endswith("#assessments_answers_update")

    # Signed in, the page links to the person's tokens.
    steps.sign_in("sro")
    steps.visit("/api/docs/")
    page.get_by_role("link", name="Make or revoke your API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your API tokens")


def test_the_api_reference_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/api/docs/", timeout=90_000)
    expect(page.get_by_role("heading", name="Endpoints: Systems")).to_be_attached()
    expect(page.locator("#systems_list")).to_contain_text("/api/v1/systems/")
    context.close()
