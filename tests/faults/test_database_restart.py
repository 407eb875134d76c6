"""PostgreSQL restarted while the app is in use: requests meanwhile get the NHS-styled "service
unavailable" page (503, no traceback), and the same gunicorn processes serve again once it is
back, without a restart (CONN_HEALTH_CHECKS with kept connections)."""

import pytest

from tests.services import Gunicorn

pytestmark = [pytest.mark.faults, pytest.mark.slow]


def test_requests_fail_kindly_during_a_database_restart_then_recover(
    database, app_env, browser, tmp_path
):
    world = database.world
    env = app_env(DATABASE_CONN_MAX_AGE="600")
    web = Gunicorn(env, workers=1, threads=2, log=tmp_path / "web.log")
    measure = f"/assessments/{world['assessment']}/measures/{world['measure']}/"
    try:
        respondent = browser(web.url)
        assert respondent.sign_in("respondent").status_code == 302
        assert respondent.get(measure).status_code == 200

        database.cluster.stop()
        try:
            for response in (
                respondent.get(measure),
                respondent.save_answer(world, 5, world["revision"], "During the outage"),
            ):
                assert response.status_code == 503
                assert response.headers["Retry-After"] == "30"
                assert "<h1>Sorry, the service is unavailable</h1>" in response.text
                assert "nhsuk-header" in response.text
                assert "Traceback" not in response.text and "psycopg" not in response.text
        finally:
            database.cluster.start()

        assert web.process.poll() is None  # the same app, never restarted
        page = respondent.get(measure)
        assert page.status_code == 200 and "Sign out" in page.text
        saved = respondent.save_answer(world, 5, world["revision"], "After the restart")
        assert saved.status_code == 200, saved.text[-2000:]
    finally:
        web.close()
    assert database.query(
        "SELECT notes, revision FROM assessments_answer a JOIN frameworks_question q "
        "ON q.id = a.question_id WHERE a.assessment_id = %s AND q.key = %s",
        world["assessment"],
        world["question"],
    ) == [("After the restart", world["revision"] + 1)]
