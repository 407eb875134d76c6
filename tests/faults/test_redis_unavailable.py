"""Redis (broker and cache) unavailable: the questionnaire keeps working, a document requested
meanwhile is kept, queued, with a page that says it will be made later; once Redis is back, a
worker starting sends it again and makes it (`reports/tasks.py`)."""

import re

import pytest

from tests.services import CeleryWorker, Gunicorn, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.slow]


def test_the_questionnaire_works_and_documents_wait_while_redis_is_down(
    database, redis, app_env, browser, tmp_path
):
    world = database.world
    env = app_env()
    web = Gunicorn(env, workers=1, threads=2, log=tmp_path / "web.log")
    try:
        respondent, sro = browser(web.url), browser(web.url)
        assert respondent.sign_in("respondent").status_code == 302
        assert sro.sign_in("sro").status_code == 302
        redis.stop()

        measure = f"/assessments/{world['assessment']}/measures/{world['measure']}/"
        assert respondent.get(measure).status_code == 200
        saved = respondent.save_answer(world, 4, world["revision"], "Saved with Redis down")
        assert saved.status_code == 200, saved.text[-2000:]
        assert f'name="revision" value="{world["revision"] + 1}"' in saved.text

        documents = f"/results/systems/{world['system']}/documents/"
        page = sro.post(documents, {"kind": "system_plan", "round": world["round"]})
        assert page.status_code == 200 and page.url.endswith(documents)
        text = re.sub(r"\s+", " ", page.text)
        assert "will be made later" in text
        assert "the document will be made as soon as the service is back" in text
        assert "Traceback" not in text
    finally:
        web.close()
    assert database.query(
        "SELECT level, notes, revision FROM assessments_answer a JOIN frameworks_question q "
        "ON q.id = a.question_id WHERE a.assessment_id = %s AND q.key = %s",
        world["assessment"],
        world["question"],
    ) == [(4, "Saved with Redis down", world["revision"] + 1)]
    [(report_id, state, message)] = database.query("SELECT id, status, message FROM reports_report")
    assert state == "queued" and "will be made as soon as the service is back" in message

    redis.start()  # back, empty: the request was never in it
    worker = CeleryWorker(env, log=tmp_path / "worker.log")
    try:
        wait_for(
            lambda: (
                database.query("SELECT status FROM reports_report")[0][0] in ("ready", "failed")
            ),
            "the waiting plan made once Redis is back",
            120,
        )
    finally:
        worker.close()
    [(state, message, name)] = database.query("SELECT status, message, file FROM reports_report")
    assert (state, message) == ("ready", ""), worker.log_path.read_text()[-3000:]
    assert (tmp_path / "media" / name).read_bytes().startswith(b"%PDF")
