import pytest

from assessments.models import Assessment, Role
from tests.assessments.world import build_world
from tests.factories import PASSWORD, PersonaFactory, RoundFactory, UserFactory
from tests.services import SeaweedFS

__all__ = ["PASSWORD"]

# Under pytest-xdist (`make test TEST_WORKERS=2`) the tests run module by module, except that
# the tests that start costly services of their own for the whole run (the fault tests' private
# PostgreSQL cluster, SeaweedFS) all run in one process, first, so that each service is started
# once and they do not break each other's services. (xdist's own `xdist_group` mark does not
# reach its scheduler under pytest 9: xdist 3.8 renames `Item._nodeid`, which pytest 9 no longer
# reads.)
SHARED_SERVICES = ("tests/faults/", "tests/test_object_storage.py")


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ModulesWithSharedServicesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(SHARED_SERVICES):
                return "shared services"
            return nodeid.split("::", 1)[0]

    config.option.loadscopereorder = False  # in collection order: the shared services first
    return ModulesWithSharedServicesTogether(config, log)


def pytest_collection_modifyitems(config, items):
    if hasattr(config, "workerinput"):  # an xdist worker
        items.sort(key=lambda item: not item.nodeid.startswith(SHARED_SERVICES))


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """A SeaweedFS master, volume server, filer and S3 gateway (tests/services.py) with a bucket
    made in it, for the whole run; each test works under a prefix of its own."""
    try:
        server = SeaweedFS(tmp_path_factory.mktemp("seaweedfs"))
    except RuntimeError as error:
        pytest.fail(str(error))
    yield server
    server.close()


@pytest.fixture
def make_user(db):
    def make(username="reader", *, author=False, **fields):
        return UserFactory(username=username, author=author, **fields)

    return make


@pytest.fixture
def reader(make_user):
    """Anyone signed in: may read published framework versions."""
    return make_user("reader", first_name="Rita", last_name="Reader")


@pytest.fixture
def author(make_user):
    """A framework author of the national team: may also see drafts."""
    return make_user("author", author=True)


@pytest.fixture
def world(db):
    """Regions, systems, organisations and a person in every role: see tests/assessments/world.py."""
    return build_world(PASSWORD)


@pytest.fixture
def launched_round(world):
    """Create a round and launch it as the national administrator, as many times as a test needs.

    `launched_round()` is the 2026/27 assessment of acute and community trusts, opening on
    1 May 2026, on a fresh import of tests/frameworks/documents.py's framework (version 1.0.0).
    Keyword arguments change any of it: `framework_version=`, `care_settings=`, `opens_on=`,
    `closes_on=`, `name=`. It returns the launched Round.
    """

    def launch(**fields):
        return RoundFactory(launched_by=world.national, **fields)

    return launch


@pytest.fixture
def launched_assessment(world, launched_round):
    """Launch a round as `launched_round(**fields)` does and return one organisation's assessment
    in it: Northmoor's (the respondent's organisation) unless `organisation=` says otherwise."""

    def launch(*, organisation=None, **fields):
        round_ = launched_round(**fields)
        return Assessment.objects.get(round=round_, organisation=organisation or world.northmoor)

    return launch


@pytest.fixture
def colleague(world):
    """A second respondent at Northmoor, to share the work with (or to clash with)."""
    return PersonaFactory(
        username="colleague",
        first_name="Bea",
        last_name="Colleague",
        role=Role.RESPONDENT,
        at=world.northmoor,
    )


def _flush_assessments_first():
    """SQLite refuses deleting an approved assessment's answers and scores (migration 0004), and
    Django's flush deletes its tables in no fixed order: delete the assessments first, so their
    answers and scores are no longer an approved assessment's (foreign keys are deferred)."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    DatabaseOperations = DatabaseWrapper.ops_class

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        first = "assessments_assessment"
        tables = [t for t in tables if t == first] + [t for t in tables if t != first]
        return original(self, style, tables, **kwargs)

    DatabaseOperations.sql_flush = sql_flush


_flush_assessments_first()
