"""Every link a page shows a demo login works for that person (README: "a page promises only
what exists: every 'what you can do' line is a link that works").

The demo is loaded once for the module, as `make run` loads it (`manage.py waymark_setup`), inside
a transaction rolled back at the end. Then, for each demo login, the test client signs in with the
demo password and walks breadth-first from the start page along every same-site `<a href>`: each
page must answer 200 (or redirect, within the site, to a page that does), never 403, 404, 405 or
500; a download (CSV, XLSX, PDF) must answer 200 with a body; and no GET may write to the database.
"""

import time
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from assessments.management.commands.waymark_setup import DEMO_PASSWORD
from assessments.services.demo import DEMO_USERS

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# The logins the demo defines: one per role (assessments/services/demo.py), and the framework
# author and superuser that `waymark_setup` adds; test_the_crawl_covers_every_demo_login checks
# that this is every account the demo makes.
SETUP_LOGINS = ["author", "admin"]
LOGINS = [username for username, *_ in DEMO_USERS] + SETUP_LOGINS

PAGES_PER_LOGIN = 400
# Pages of one URL pattern (one `systems/<ods_code>/` for each of 42 systems...) visited per login:
# enough to meet each kind of page in its several states, few enough to keep the walk short.
VARIANTS_PER_PATTERN = 4
# The admin's lists, filters and change forms are Django's own: visit a few of each.
ADMIN_VARIANTS_PER_PATTERN = 2
REDIRECTS_FOLLOWED = 5

# Links that end the session rather than show a page.
NOT_FOLLOWED = {"/sign-out/", "/admin/logout/"}
DOWNLOADS = {
    "text/csv": "CSV",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/pdf": "PDF",
    "application/yaml": "YAML",
    "application/x-yaml": "YAML",
}
# Writes a GET may make: the session the sign-in keeps, and the results pages' stored figures
# (reports.models.FiguresSnapshot: a round's figures computed on first reading, a cache of what
# the approved assessments already say).
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
TABLES_A_GET_MAY_WRITE = ('"django_session"', '"reports_figuressnapshot"', '"reports_cellfigures"')


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href is not None:
                self.hrefs.append(href)


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def same_site(base: str, href: str) -> str | None:
    """`href` as a path and query on this site, without its fragment; None for an anchor on the
    page, another scheme (mailto:, tel:) or another host."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    parts = urlsplit(urljoin("http://testserver" + base, href))
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    return urlunsplit(("", "", parts.path or "/", parts.query, ""))


def pattern_of(url: str) -> str:
    """The URL pattern a path belongs to ("assessments:system"), or the path when none does."""
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.view_name or match.route


def writes_in(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(WRITES)
        and not any(table in q["sql"] for table in TABLES_A_GET_MAY_WRITE)
    ]


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def visit(client, url: str):
    """GET `url`, following redirects within the site; the last response, the URLs on the way and
    any writes to the database the GETs made."""
    chain, writes = [url], []
    for _ in range(REDIRECTS_FOLLOWED + 1):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        writes += writes_in(queries.captured_queries)
        if response.status_code not in (301, 302, 303, 307, 308):
            return response, chain, writes
        target = same_site(url, response["Location"])
        if target is None:
            return response, chain + [response["Location"]], writes
        url = target
        chain.append(url)
    return response, chain, writes


def crawl(client, starts=("/",)):
    """Walk the site breadth-first from `starts`; what was visited and what went wrong."""
    queue = deque((start, "(start)") for start in starts)
    seen = set(starts)
    per_pattern: Counter = Counter()
    visited: list[tuple[str, str]] = []
    problems: list[str] = []
    downloads: Counter = Counter()
    sign_in = reverse("login")
    while queue and len(visited) < PAGES_PER_LOGIN:
        url, linked_from = queue.popleft()
        pattern = pattern_of(url)
        cap = ADMIN_VARIANTS_PER_PATTERN if pattern.startswith("admin:") else VARIANTS_PER_PATTERN
        if per_pattern[pattern] >= cap:
            continue
        per_pattern[pattern] += 1
        visited.append((url, pattern))
        response, chain, writes = visit(client, url)
        where = f"{url} (linked from {linked_from})"
        if writes:
            problems.append(f"{where}: a GET wrote to the database: {writes[:3]}")
        status = response.status_code
        if status != 200:
            ending = " -> ".join(chain)
            problems.append(f"{where}: answered {status} ({ending})")
            continue
        final = chain[-1]
        if urlsplit(final).path == sign_in:
            problems.append(f"{where}: sent a signed-in person to sign in ({' -> '.join(chain)})")
            continue
        kind = response.get("Content-Type", "").split(";")[0].strip()
        disposition = response.get("Content-Disposition", "")
        if kind in DOWNLOADS or "attachment" in disposition:
            body = body_of(response)
            downloads[DOWNLOADS.get(kind, kind)] += 1
            if not body:
                problems.append(f"{where}: the {kind} download is empty")
            continue
        if kind != "text/html":
            body_of(response)
            continue
        for href in links_of(response.content.decode()):
            target = same_site(final, href)
            if target is None or urlsplit(target).path in NOT_FOLLOWED or target in seen:
                continue
            seen.add(target)
            queue.append((target, final))
    return visited, problems, downloads


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo as `make run` has it, loaded once for the module and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.monotonic()
        call_command("waymark_setup", stdout=_Discard(), stderr=_Discard())
        print(f"\nwaymark_setup loaded the demo in {time.monotonic() - started:.1f} s")
        yield
        transaction.set_rollback(True)


class _Discard:
    def write(self, text):
        pass

    def flush(self):
        pass


def test_the_crawl_covers_every_demo_login(demo):
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert usernames == set(LOGINS)


@pytest.mark.parametrize("username", LOGINS)
def test_every_link_a_demo_login_is_shown_works(demo, client, username):
    signed_in = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302, f"{username} could not sign in with the demo password"
    # The admin is not linked from the service's pages: its staff start there too.
    staff = get_user_model().objects.get(username=username).is_staff
    started = time.monotonic()
    visited, problems, downloads = crawl(client, ["/", "/admin/"] if staff else ["/"])
    patterns = Counter(pattern for _, pattern in visited)
    print(
        f"\n{username}: {len(visited)} pages, {len(patterns)} URL patterns, "
        f"downloads {dict(downloads)}, in {time.monotonic() - started:.1f} s"
    )
    for pattern, count in sorted(patterns.items()):
        print(f"  {count:>3}  {pattern}")
    assert not problems, "\n".join(problems)
    # Not vacuous: the walk got past the start page to the person's own pages.
    assert len(patterns) >= 5
