"""`make loadtest`: the whole load test, start to finish, on this machine.

1. a database of its own, `waymark_load`, on the PostgreSQL of LOAD_DATABASE_URL (default the
   machine's, postgres://postgres@127.0.0.1:5432/waymark_load), dropped and created again,
   migrated, loaded with the demo data (`waymark_setup`) and seeded (`seed.py`);
2. a Redis server of its own (broker, cache), a Celery worker, and the app under gunicorn with
   the production settings (`tests/live_settings.py`: plain HTTP on 127.0.0.1);
3. Locust, headless (`locustfile.py`): 200 respondents of 50 organisations (arriving signed in),
   SROs and analysts (signing in), arriving LOAD_SPAWN_RATE per second (default 2: people
   trickle in; 10 makes a crowd arrive at once, whose queue takes a minute to drain), then measured for
   LOAD_SECONDS (default 180) from when all are running (the ramp's figures are reset);
   respondents wait LOAD_THINK seconds between actions (default "5,15"; "3,8" is a stress test);
4. the figures per kind of request (count, failures, throughput, p50/p95/p99) and the check that
   the database holds what people saw acknowledged (`check.py`);
5. everything stopped and the database dropped (LOAD_KEEP=1 keeps it; LOAD_REUSE=1 runs again on
   a kept one, seeding it again only).

Exits non-zero if a request failed or the check found a difference. Files (Locust's CSV, the
server logs, the records) are left in LOAD_OUT (default a new temporary folder).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from tests.services import BIN, ROOT, CeleryWorker, Gunicorn, Redis, django_env, manage

SAVE_P95_BUDGET_MS = 300


def _database(url: str, *, drop_only: bool = False) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def _figures(stats_csv: Path, seconds: float) -> tuple[list[dict], str]:
    rows = list(csv.DictReader(stats_csv.open()))
    lines = [
        f"{'request':<36} {'count':>6} {'fail':>5} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6}"
        " (ms)"
    ]
    for row in rows:
        name = "all requests" if row["Name"] == "Aggregated" else row["Name"]
        lines.append(
            f"{name:<36} {row['Request Count']:>6} {row['Failure Count']:>5} "
            f"{float(row['Requests/s']):>6.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    return rows, "\n".join(lines)


def _warm(url: str, world: Path, requests: int) -> None:
    """Every gunicorn worker's first request imports and compiles much: make them before the
    measured run, concurrently, so each worker gets some."""
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    organisation = json.loads(world.read_text())["organisations"][0]

    def get(index: int) -> None:
        request = urllib.request.Request(
            f"{url}/assessments/{organisation['assessment']}/",
            headers={"Cookie": f"sessionid={organisation['sessions'][index % 4][0]}"},
        )
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()

    with ThreadPoolExecutor(requests) as pool:
        list(pool.map(get, range(requests * 2)))


def main() -> int:
    out = Path(os.environ.get("LOAD_OUT") or tempfile.mkdtemp(prefix="waymark-load-"))
    out.mkdir(parents=True, exist_ok=True)
    seconds = int(os.environ.get("LOAD_SECONDS", "180"))
    database = os.environ.get(
        "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/waymark_load"
    )
    world, records = out / "world.json", out / "records"
    print(f"Load test: files in {out}", flush=True)
    reuse = os.environ.get("LOAD_REUSE") == "1"  # a database kept by LOAD_KEEP=1: seed again only
    if not reuse:
        _database(database)
    redis = worker = web = None
    try:
        redis = Redis()
        env = django_env(
            DATABASE_URL=database,
            DATABASE_CONN_MAX_AGE="60",
            CELERY_BROKER_URL=redis.url(0),
            REDIS_URL=redis.url(1),
            MEDIA_ROOT=str(out / "media"),
            LOAD_WORLD=str(world),
            LOAD_RECORDS=str(records),
        )
        started = time.monotonic()
        if not reuse:
            manage(env, "migrate", "--noinput", "-v", "0")
            manage(env, "waymark_setup")
        subprocess.run(
            [sys.executable, "-m", "tests.load.seed", str(world)], cwd=ROOT, env=env, check=True
        )
        print(f"Database ready in {time.monotonic() - started:.0f} s.", flush=True)
        worker = CeleryWorker(env, concurrency=1, log=out / "worker.log")
        # Documents are background work: the worker yields the CPU to people's requests, as
        # the README's production shape says (niceness 10 for its process group: the pool and
        # the Chromium it starts for charts).
        os.setpriority(os.PRIO_PGRP, worker.process.pid, 10)
        web = Gunicorn(
            env,
            workers=int(os.environ.get("LOAD_WEB_WORKERS", "4")),
            threads=int(os.environ.get("LOAD_WEB_THREADS", "2")),
            log=out / "gunicorn.log",
        )
        _warm(web.url, world, 8)
        users = sum(len(o["respondents"]) for o in json.loads(world.read_text())["organisations"])
        sros, analysts = int(env.get("LOAD_SROS", "8")), int(env.get("LOAD_ANALYSTS", "4"))
        total, rate = users + sros + analysts, float(os.environ.get("LOAD_SPAWN_RATE", "2"))
        ramp = int(total / rate) + 5
        think = os.environ.get("LOAD_THINK", "5,15").replace(",", " to ")
        print(
            f"Locust: {users} respondents ({think} s between actions), {sros} SROs, "
            f"{analysts} analysts against {web.url} (ramp {ramp} s, then {seconds} s measured).",
            flush=True,
        )
        subprocess.run(
            [str(BIN / "locust"), "-f", str(ROOT / "tests/load/locustfile.py"), "--headless"]
            + ["--host", web.url, "-u", str(total), "-r", str(rate), "-t", f"{ramp + seconds}s"]
            + ["--reset-stats", "--csv", str(out / "locust"), "--only-summary"]
            + ["--loglevel", "WARNING", "--stop-timeout", "30"],
            cwd=ROOT,
            env={**env, "LOAD_SROS": str(sros), "LOAD_ANALYSTS": str(analysts)},
            stdout=open(out / "locust.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            check=False,
        )
        rows, table = _figures(out / "locust_stats.csv", seconds)
        print(table, flush=True)
        failures = sum(int(r["Failure Count"]) for r in rows if r["Name"] == "Aggregated")
        saves = next((r for r in rows if r["Name"] == "save answer"), None)
        checked = subprocess.run(
            [sys.executable, "-m", "tests.load.check", str(world), str(records)],
            cwd=ROOT,
            env=env,
            check=False,
        )
        plans = manage(
            env,
            "shell",
            "-v",
            "0",
            "-c",
            "from reports.documents.models import Report as R; from django.db.models import Count;"
            "print(dict(R.objects.values_list('status').annotate(n=Count('pk'))))",
        )
        print(f"Plans by status at the end (one worker): {plans.strip()}")
        errors_csv = out / "locust_failures.csv"
        if failures:
            print(errors_csv.read_text())
        ok = True
        if failures:
            print(f"FAILED: {failures} request(s) failed.")
            ok = False
        if saves and float(saves["95%"]) > SAVE_P95_BUDGET_MS:
            print(f"Over budget: saves' p95 {saves['95%']} ms > {SAVE_P95_BUDGET_MS} ms.")
            ok = False
        if checked.returncode:
            ok = False
        print("Load test passed." if ok else "Load test FAILED.")
        return 0 if ok else 1
    finally:
        for service in (web, worker, redis):
            if service is not None:
                service.close()
        if os.environ.get("LOAD_KEEP") != "1":
            _database(database, drop_only=True)
