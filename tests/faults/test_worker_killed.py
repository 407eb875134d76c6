"""A Celery worker killed (SIGKILL, with its pool) in the middle of drawing a plan: once another
worker is running, the document is made exactly once: one report, ready, and one stored file.

The killed worker never acknowledged the message (acks late), so the broker gives it to the new
worker once the visibility timeout has passed (CELERY_VISIBILITY_TIMEOUT, short here); making a
document is idempotent and stores its file under its content's checksum."""

import hashlib
import subprocess
import sys
import time

import pytest

from tests.services import ROOT, CeleryWorker, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.slow]

REQUEST = """
import django
django.setup()
from django.contrib.auth.models import User
from assessments.models import Round, System
from reports.documents import services
report = services.report_request(
    user=User.objects.get(username="sro"), kind="system_plan",
    round_=Round.objects.get(pk={round}), subject=System.objects.get(ods_code="{system}"),
)
print(report.pk, report.waiting)
"""


def test_a_plan_is_made_exactly_once_when_its_worker_is_killed_mid_render(
    database, app_env, tmp_path
):
    world = database.world
    env = app_env(
        CELERY_TASK_SOFT_TIME_LIMIT="25",
        CELERY_TASK_TIME_LIMIT="30",
        CELERY_VISIBILITY_TIMEOUT="31",
        WAYMARK_SLOW_RENDER="40",  # the first worker is still drawing when it is killed
    )
    made = subprocess.run(
        [sys.executable, "-c", REQUEST.format(**world)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    report_id, waiting = made.stdout.split()
    assert waiting == "False"  # sent to the broker

    def status():
        return database.query(
            "SELECT status, attempts FROM reports_report WHERE id = %s", report_id
        )[0]

    first = CeleryWorker(env, module="tests.faults.slow_worker", log=tmp_path / "first.log")
    try:
        wait_for(lambda: status()[0] == "rendering", "the first worker starting the plan", 60)
        time.sleep(1)
        first.kill()
    finally:
        first.close()
    assert status() == ("rendering", 1)  # killed in the middle: nothing was stored
    media = tmp_path / "media" / "reports"
    assert not media.exists() or not list(media.iterdir())

    second = CeleryWorker(env, log=tmp_path / "second.log")
    try:
        wait_for(lambda: status()[0] in ("ready", "failed"), "the plan made again", 120)
        time.sleep(2)  # nothing more arrives: the message was acknowledged once
    finally:
        second.close()
    rows = database.query(
        "SELECT id, status, attempts, file, checksum, message FROM reports_report"
    )
    assert len(rows) == 1, rows
    _, state, attempts, name, checksum, message = rows[0]
    assert (state, message) == ("ready", ""), second.log_path.read_text()[-3000:]
    assert attempts == 2  # the killed attempt and the one that finished
    files = list(media.iterdir())
    assert [f"reports/{f.name}" for f in files] == [name]
    body = files[0].read_bytes()
    assert body.startswith(b"%PDF")
    assert hashlib.sha256(body).hexdigest() == checksum
