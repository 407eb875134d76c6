"""The fault tests' services, all their own (never the machine's PostgreSQL or Redis): a private
PostgreSQL cluster for the run, with a template database migrated and filled once
(`world.py`), each test's database a copy of it; a private Redis server per test (SeaweedFS,
for the tests that ask for it, is tests/conftest.py's)."""

import json
import re
import subprocess
import sys
import uuid

import pytest

from tests.services import (
    ROOT,
    Postgres,
    Redis,
    django_env,
    services_missing,
)

from .world import PASSWORD

TEMPLATE = "waymark_faults_template"


@pytest.fixture(scope="session")
def postgres():
    missing = services_missing()
    if missing:
        pytest.fail(f"The fault tests start PostgreSQL and Redis themselves: install {missing}")
    cluster = Postgres()
    try:
        cluster.create_database(TEMPLATE)
        env = django_env(DATABASE_URL=cluster.url(TEMPLATE), CELERY_BROKER_URL="redis://unused")
        built = subprocess.run(
            [sys.executable, "-m", "tests.faults.world", "--migrate"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        cluster.world = json.loads(built.stdout.strip().splitlines()[-1])
        yield cluster
    finally:
        cluster.close()


class Database:
    def __init__(self, cluster: Postgres, name: str):
        self.cluster, self.name, self.url = cluster, name, cluster.url(name)
        self.world = cluster.world

    def query(self, sql: str, *params):
        import psycopg

        with psycopg.connect(self.url) as connection:
            return connection.execute(sql, params).fetchall()


@pytest.fixture
def database(postgres):
    """A database of the test's own: a copy of the migrated, filled template."""
    import psycopg

    name = f"waymark_faults_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres.url("postgres"), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    yield Database(postgres, name)
    with psycopg.connect(postgres.url("postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis():
    server = Redis()
    yield server
    server.close()


@pytest.fixture
def app_env(database, redis, tmp_path):
    """The environment of the app's processes: the test's database, Redis as broker and cache,
    media in the test's folder."""

    def make(**values):
        return django_env(
            DATABASE_URL=database.url,
            CELERY_BROKER_URL=redis.url(0),
            REDIS_URL=redis.url(1),
            MEDIA_ROOT=str(tmp_path / "media"),
            **values,
        )

    return make


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """A person's browser on one instance of the app (a requests session)."""

    def __init__(self, base_url: str):
        import requests

        self.base_url = base_url
        self.session = requests.Session()

    def get(self, path: str, **kwargs):
        return self.session.get(self.base_url + path, timeout=60, **kwargs)

    def post(self, path: str, data: dict, *, htmx: bool = False, **kwargs):
        headers = {"X-CSRFToken": self.session.cookies.get("csrftoken", "")}
        headers["Referer"] = self.base_url + path
        if htmx:
            headers["HX-Request"] = "true"
        return self.session.post(
            self.base_url + path, data=data, headers=headers, timeout=60, **kwargs
        )

    def sign_in(self, username: str, password: str = PASSWORD):
        page = self.get("/sign-in/")
        token = CSRF.search(page.text).group(1)
        return self.session.post(
            self.base_url + "/sign-in/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
            headers={"Referer": self.base_url + "/sign-in/"},
            allow_redirects=False,
            timeout=60,
        )

    def save_answer(self, world: dict, level: int, revision: int, notes: str = ""):
        path = f"/assessments/{world['assessment']}/questions/{world['question']}/answer/"
        data = {"level": str(level), "target_level": "", "notes": notes, "revision": revision}
        return self.post(path, data, htmx=True)


@pytest.fixture
def browser():
    return Browser
