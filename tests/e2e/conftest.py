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
# A folder: the journeys save a PNG of the pages they pass through, to look at what was built
# (`WAYMARK_SCREENSHOTS=/tmp/shots make test`); without it, none is taken.
SCREENSHOTS = os.environ.get("WAYMARK_SCREENSHOTS", "")


def screenshot(page, name: str, *, full_page: bool = True, **options) -> None:
    """A PNG of the page, `<folder>/<name>.png`, when WAYMARK_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=full_page, **options)


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def _known_conditional_reveal(rule: str, node: dict) -> bool:
    """The one axe finding we accept: `aria-expanded` on a radio that reveals more questions.

    The NHS.UK (and GOV.UK) frontend sets it on purpose: screen readers announce it and their
    user research found it helps, though ARIA 1.2 does not list it for radios (w3c/aria#1404,
    alphagov/govuk-frontend#979). Any other attribute on any other element still fails.
    """
    if rule != "aria-allowed-attr" or 'type="radio"' not in node.get("html", ""):
        return False
    found = [
        str(item)
        for check in node.get("any", []) + node.get("all", []) + node.get("none", [])
        for item in (check.get("data") or [])
    ]
    return bool(found) and all(item.startswith("aria-expanded") for item in found)


class Steps:
    """Steps shared by the browser journeys: sign in, check accessibility."""

    def __init__(self, page, live_server):
        self.page = page
        self.base = live_server.url

    def visit(self, path: str):
        response = self.page.goto(self.base + path)
        return response

    def screenshot(self, name: str, **options) -> None:
        screenshot(self.page, name, **options)

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
            + "; ".join(node["target"][0] if node["target"] else "?" for node in nodes[:5])
            for v in result["violations"]
            if (nodes := [n for n in v["nodes"] if not _known_conditional_reveal(v["id"], n)])
        ]
        assert violations == [], f"axe found problems on {self.page.url}:\n" + "\n".join(violations)


_served = set()


@pytest.fixture
def steps(page, live_server):
    """A fresh test process's first page can take over 10 s on a loaded machine (imports,
    template compilation, static files found): it is loaded once, with time to spare, before
    any journey's 10 s steps."""
    if live_server.url not in _served:
        page.goto(live_server.url + "/sign-in/", timeout=90_000)
        _served.add(live_server.url)
    page.set_default_timeout(10_000)
    return Steps(page, live_server)
