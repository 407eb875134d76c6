"""Redis (the shared cache) unavailable while people read results: every page that only reads
the cache works, computing what it would have read (the published benchmark's figures); the API
answers; people sign in, and django-axes still locks a username after five failures (its state
is in PostgreSQL). Once Redis is back, the same gunicorn process uses it again without a restart:
figures are kept in it and read from it, failed sign-ins and API requests counted in it
(config/cache.py)."""

import re

import pytest

from tests.services import Gunicorn, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.slow]

PUBLISHED = re.compile(
    r"3\.4 \(3\.4, 1\)"
)  # Aire Valley Hospitals' published 3.4: mean (median, n)


def test_results_are_read_while_redis_is_down_and_it_is_used_again_once_back(
    database, redis, app_env, browser, tmp_path
):
    world = database.world
    web = Gunicorn(app_env(), workers=1, threads=2, log=tmp_path / "web.log")
    dashboard = f"/results/systems/{world['system']}/"
    api = f"/api/v1/systems/{world['system']}/figures/?round={world['round']}"
    bearer = {"Authorization": f"Bearer {world['token']}"}
    try:
        redis.stop()
        sro, analyst, national = browser(web.url), browser(web.url), browser(web.url)
        for person, username in ((sro, "sro"), (analyst, "analyst"), (national, "national")):
            assert person.sign_in(username).status_code == 302, username

        for person, path in (
            (sro, dashboard),
            (analyst, f"/results/regions/{world['region']}/"),
            (national, "/results/national/"),
        ):
            page = person.get(path)
            assert page.status_code == 200, (path, page.text[-2000:])
            assert "National published results" in page.text, path
            assert PUBLISHED.search(page.text), path  # computed from the database
        position = sro.get(f"/results/assessments/{world['approved']}/position/")
        assert position.status_code == 200 and "Aire Valley Hospitals" in position.text

        figures = browser(web.url).get(api, headers=bearer)
        assert figures.status_code == 200, figures.text[-2000:]
        assert figures.json()["results"], figures.json()

        # Five wrong passwords lock the username (django-axes, in PostgreSQL): even the right
        # password is refused now; another person at the same address still signs in.
        for _ in range(5):
            failed = browser(web.url).sign_in("analyst", "not-the-password")
            assert failed.status_code in (200, 429), failed.status_code
        locked = browser(web.url).sign_in("analyst")
        assert locked.status_code == 429 and "Too many attempts to sign in" in locked.text
        assert browser(web.url).sign_in("sro").status_code == 302
        # The five failures and the refused try after them: kept by axes in PostgreSQL.
        assert database.query("SELECT username, failures_since_start FROM axes_accessattempt") == [
            ("analyst", 6)
        ]
    finally:
        redis.start()  # back, empty
    try:
        _used_again(database, redis, web, world, browser, dashboard, api, bearer)
    finally:
        web.close()
    log = web.log_path.read_text()
    assert "The cache (Redis) cannot be reached, so Waymark works without it" in log
    assert "The cache (Redis) answers again." in log
    assert "Traceback" not in log


def _used_again(database, redis, web, world, browser, dashboard, api, bearer):
    import redis as redis_py

    keys = redis_py.Redis(port=redis.port, db=1)

    def kept(pattern: str) -> bool:
        return bool(keys.keys(pattern))

    national = browser(web.url)
    assert national.sign_in("national").status_code == 302
    # Within a few seconds (the pause after a failure), the figures drawn are kept in Redis...
    wait_for(
        lambda: national.get(dashboard).status_code == 200 and kept("*waymark:benchmark:*"),
        "the dashboard's figures kept in Redis again",
        20,
    )
    # ...and read from it: the benchmark's rows are gone from the database, yet still shown.
    assert database.query("DELETE FROM reports_benchmarkscore RETURNING id")
    page = national.get(dashboard)
    assert page.status_code == 200 and PUBLISHED.search(page.text)

    # Failed sign-ins from an address and API requests are counted in Redis again.
    assert browser(web.url).sign_in("national", "not-the-password").status_code == 200
    assert kept("*sign-in-failures:127.0.0.1:*")
    assert browser(web.url).get(api, headers=bearer).status_code == 200
    assert kept("*throttle_token_*")
    assert web.process.poll() is None  # the same app, never restarted
