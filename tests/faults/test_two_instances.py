"""Two gunicorn instances of the app on different ports, and a Celery worker, sharing PostgreSQL,
Redis (cache and broker) and the object store (a real SeaweedFS through its S3 API, configured as
production is: config/settings/storage.py), serve the same people: a session made on one is good
on the other, an answer saved on one is read on the other, evidence uploaded on one is downloaded
byte for byte from the other, a document the worker made is downloaded from both, the sign-in
throttle counts failures on both, and figures one instance keeps in the cache are read by the
other. No file is written to a local media folder by any of them."""

import re
import uuid

import pytest

from tests.services import CeleryWorker, Gunicorn, wait_for

pytestmark = [pytest.mark.instances, pytest.mark.slow]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_two_instances_serve_the_same_people(
    database, redis, seaweedfs, app_env, browser, tmp_path
):
    world = database.world
    prefix = f"instances-{uuid.uuid4().hex[:8]}"
    env = app_env(**seaweedfs.env(prefix))
    media = tmp_path / "media"  # the instances' MEDIA_ROOT (app_env): must stay empty
    servers = []
    try:
        # The worker and both instances start together: their first seconds are CPU.
        servers.append(CeleryWorker(env, log=tmp_path / "worker.log"))
        for name in ("a", "b"):
            log = tmp_path / f"{name}.log"
            servers.append(Gunicorn(env, workers=1, threads=2, log=log, wait=False))
        first, second = (instance.ready() for instance in servers[1:])
        on_a, on_b = browser(first.url), browser(second.url)
        stored = _shared_files(database, seaweedfs, prefix, world, on_a, on_b)
        _same_people(database, world, on_a, on_b)
    finally:
        for server in reversed(servers):
            server.close()
    assert stored == seaweedfs.keys(prefix + "/")  # nothing else, nothing lost
    assert not media.exists() or not any(media.rglob("*")), list(media.rglob("*"))


def _shared_files(database, seaweedfs, prefix, world, on_a, on_b) -> set[str]:
    """Evidence uploaded on A is downloaded from B; a document the worker made is downloaded
    from A and B; both are the bucket's objects, byte for byte. Returns the objects' names."""
    assessment, question = world["assessment"], world["question"]
    sro = type(on_a)(on_a.base_url)
    assert sro.sign_in("sro").status_code == 302
    documents = f"/results/systems/{world['system']}/documents/"
    asked = sro.post(documents, {"kind": "system_plan", "round": world["round"]})
    assert asked.status_code == 200 and asked.url.endswith(documents)

    respondent_a, respondent_b = type(on_a)(on_a.base_url), type(on_b)(on_b.base_url)
    assert respondent_a.sign_in("respondent").status_code == 302
    respondent_b.session.cookies.update(respondent_a.session.cookies)
    body = PDF + uuid.uuid4().hex.encode()  # this run's own bytes
    uploaded = respondent_a.post(
        f"/assessments/{assessment}/questions/{question}/evidence/",
        {"kind": "file", "title": ""},
        files={"file": ("board-paper.pdf", body, "application/pdf")},
        allow_redirects=False,
    )
    assert uploaded.status_code == 303, uploaded.text[-2000:]
    [(evidence_id, evidence_name)] = database.query(
        "SELECT id, file FROM assessments_evidence WHERE assessment_id = %s AND kind = 'file'",
        assessment,
    )
    download = respondent_b.get(f"/assessments/{assessment}/evidence/{evidence_id}/")
    assert download.status_code == 200 and download.content == body
    assert seaweedfs.read(f"{prefix}/{evidence_name}") == body

    def made():
        return database.query("SELECT status FROM reports_report")[0][0] in ("ready", "failed")

    wait_for(made, "the worker making the system plan", 180)
    [(report_id, state, message, name, size)] = database.query(
        "SELECT id, status, message, file, size FROM reports_report"
    )
    assert (state, message) == ("ready", "")
    in_bucket = seaweedfs.read(f"{prefix}/{name}")
    assert in_bucket.startswith(b"%PDF") and len(in_bucket) == size
    sro_on_b = type(on_b)(on_b.base_url)
    sro_on_b.session.cookies.update(sro.session.cookies)
    for person in (sro, sro_on_b):
        pdf = person.get(f"/results/documents/{report_id}/download/")
        assert pdf.status_code == 200, person.base_url
        assert pdf.content == in_bucket, person.base_url
    return {evidence_name, name}


def _same_people(database, world, on_a, on_b):
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

    # Sign-in failures on A and B count together: the fifth locks the person out on either.
    for attempt in range(5):
        instance = on_a if attempt % 2 else on_b
        failed = type(on_a)(instance.base_url).sign_in("analyst", "not-the-password")
        assert failed.status_code in (200, 429), failed.status_code
    locked = type(on_a)(on_b.base_url).sign_in("analyst")  # even the right password, now
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
