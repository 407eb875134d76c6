"""Two gunicorn instances of the app on different ports, sharing PostgreSQL, Redis (cache) and the
file storage (here a folder both see; object storage in production), serve the same people:
a session made on one is good on the other, an answer saved on one is read on the other, a file
uploaded on one is downloaded from the other, the sign-in throttle counts failures on both, and
figures one instance keeps in the cache are read by the other."""

import re

import pytest

from tests.services import Gunicorn

pytestmark = [pytest.mark.instances, pytest.mark.slow]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_two_instances_serve_the_same_people(database, redis, app_env, browser, tmp_path):
    world = database.world
    env = app_env()
    first = Gunicorn(env, workers=1, threads=2, log=tmp_path / "a.log")
    try:
        second = Gunicorn(env, workers=1, threads=2, log=tmp_path / "b.log")
        try:
            _same_people(database, redis, world, browser(first.url), browser(second.url))
        finally:
            second.close()
    finally:
        first.close()


def _same_people(database, redis, world, on_a, on_b):
    assessment, question = world["assessment"], world["question"]

    # Signed in on A, the same session cookie is signed in on B.
    assert on_a.sign_in("respondent").status_code == 302
    on_b.session.cookies.update(on_a.session.cookies)
    measure = f"/assessments/{assessment}/measures/{world['measure']}/"
    page = on_b.get(measure, allow_redirects=False)
    assert page.status_code == 200 and "Sign out" in page.text

    # An answer saved on A is what B shows.
    saved = on_a.save_answer(world, 3, world["revision"], "Saved on instance A")
    assert saved.status_code == 200
    block = on_b.get(
        f"/assessments/{assessment}/questions/{question}/answer/", headers={"HX-Request": "true"}
    )
    assert "Saved on instance A" in block.text
    assert f'name="revision" value="{world["revision"] + 1}"' in block.text

    # A file uploaded on A is downloaded from B.
    uploaded = on_a.post(
        f"/assessments/{assessment}/questions/{question}/evidence/",
        {"kind": "file", "title": ""},
        files={"file": ("board-paper.pdf", PDF, "application/pdf")},
        allow_redirects=False,
    )
    assert uploaded.status_code == 303, uploaded.text[-2000:]
    [(evidence_id,)] = database.query(
        "SELECT id FROM assessments_evidence WHERE assessment_id = %s AND kind = 'file'", assessment
    )
    download = on_b.get(f"/assessments/{assessment}/evidence/{evidence_id}/")
    assert download.status_code == 200 and download.content == PDF

    # Sign-in failures on A and B count together: the fifth locks the person out on either.
    for attempt in range(5):
        instance = on_a if attempt % 2 else on_b
        failed = type(on_a)(instance.base_url).sign_in("sro", "not-the-password")
        assert failed.status_code in (200, 429), failed.status_code
    locked = type(on_a)(on_b.base_url).sign_in("sro")  # even the right password, now
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.text

    # Figures kept in the cache by A are read by B: the benchmark's rows are gone from the
    # database after A drew the dashboard, yet B still shows them, from the shared cache.
    national = type(on_a)(on_a.base_url)
    assert national.sign_in("national").status_code == 302
    dashboard = f"/results/systems/{world['system']}/"
    first = national.get(dashboard)
    assert first.status_code == 200
    assert re.search(r"3\.4 \(3\.4, 1\)", first.text), "A shows the published figure"
    assert database.query("DELETE FROM reports_benchmarkscore RETURNING id")
    on_b_national = type(on_a)(on_b.base_url)
    on_b_national.session.cookies.update(national.session.cookies)
    again = on_b_national.get(dashboard)
    assert again.status_code == 200
    assert re.search(r"3\.4 \(3\.4, 1\)", again.text), "B read A's cached figures"
