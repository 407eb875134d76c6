"""A real Celery worker on Redis makes a plan end to end: the request is queued after commit,
the worker (its own process, its own kaleido and WeasyPrint) renders it into the file database
and storage both processes see."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.services import Redis, services_missing

from .conftest import pdf_text

ROOT = Path(__file__).resolve().parents[3]

SETUP = """
import django
django.setup()
from django.db import transaction
from assessments.models import Role
from reports.documents import services
from tests.factories import PersonaFactory
from tests.reports.documents import plan_world
current, _, systems = plan_world.build(size=8)
sro = PersonaFactory(username="sro", role=Role.SRO, at=systems[0])
with transaction.atomic():
    report = services.report_request(
        user=sro, kind="system_plan", round_=current, subject=systems[0]
    )
print(report.pk)
"""

pytestmark = [pytest.mark.slow]


@pytest.fixture
def broker():
    """A Redis server of the test's own (tests/services.py), never the machine's."""
    if services_missing():
        pytest.fail(f"install {services_missing()} (make services)")
    server = Redis()
    yield server.url(0)
    server.close()


def test_a_worker_on_redis_makes_a_plan(tmp_path, broker):
    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "CELERY_BROKER_URL": broker,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    made = subprocess.run(
        [python, "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    report_id = int(made.stdout.strip().splitlines()[-1])
    worker = subprocess.Popen(
        [
            str(Path(python).parent / "celery"),
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        status, deadline = None, time.monotonic() + 120
        while time.monotonic() < deadline:
            with sqlite3.connect(database) as db:
                status, name, message = db.execute(
                    "SELECT status, file, message FROM reports_report WHERE id = ?", (report_id,)
                ).fetchone()
            if status in ("ready", "failed"):
                break
            time.sleep(1)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert status == "ready", (status, message, output[-2000:])
    stored = tmp_path / "media" / name
    assert stored.read_bytes().startswith(b"%PDF")
    pages = pdf_text(stored.read_bytes())
    assert all("Draft" in page for page in pages)  # no plan agreed: the proposal, as a draft
    assert "West Yorkshire's overall score is 2.5 against a target of 2.9" in "\n".join(pages)
