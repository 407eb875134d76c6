"""Browser tests: Debian's Chromium driven by Playwright, with axe checking every page."""

import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }


class Steps:
    """Steps shared by the browser journeys: sign in, check accessibility."""

    def __init__(self, page, live_server):
        self.page = page
        self.base = live_server.url

    def visit(self, path: str):
        response = self.page.goto(self.base + path)
        return response

    def sign_in(self, username: str, password: str = PASSWORD):
        self.visit("/sign-in/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()

    def assert_accessible(self):
        """axe-core, WCAG 2.2 A and AA rules, must report no violations on the current page.

        axe is evaluated through the DevTools protocol, so the page's strict CSP stays on.
        """
        self.page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_22_AA,
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        assert violations == [], f"axe found problems on {self.page.url}:\n" + "\n".join(violations)


@pytest.fixture
def steps(page, live_server):
    page.set_default_timeout(10_000)
    return Steps(page, live_server)
