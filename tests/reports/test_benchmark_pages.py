# ruff: noqa: F811 (shared fixtures are imported by name; pytest passes them in)
"""The benchmark import pages: upload, preview, import all or nothing; national administrators
only; the kept file found only through a signed token of the uploader's."""

import datetime as dt

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Role
from reports.benchmarks import uploads
from reports.models import Benchmark, BenchmarkScore
from tests.factories import PersonaFactory
from tests.reports.test_benchmarks import (  # noqa: F401 (fixtures)
    GOOD_ROWS,
    HEADER,
    map_,
    version,
    workbook,
)

pytestmark = pytest.mark.django_db
UPLOAD = "/reports/benchmarks/import/"


@pytest.fixture
def national(client):
    user = PersonaFactory(role=Role.NATIONAL_ADMIN)
    client.force_login(user)
    return user


def kept_files() -> list[str]:
    try:
        return default_storage.listdir(uploads.FOLDER)[1]
    except FileNotFoundError:
        return []


@pytest.fixture(autouse=True)
def empty_storage():
    for name in kept_files():
        default_storage.delete(f"{uploads.FOLDER}/{name}")


def post(client, version, content, file_name="results.xlsx", name="2025 national results"):
    return client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile(file_name, content),
            "name": name,
            "framework_version": version.pk,
        },
    )


def test_upload_preview_then_import_writes_the_benchmark_and_forgets_the_file(
    client, national, version, map_
):
    assert client.get("/reports/benchmarks/").status_code == 200
    assert client.get(UPLOAD).status_code == 200
    response = post(client, version, workbook(GOOD_ROWS))
    assert response.status_code == 303
    preview_url = response["Location"]
    assert len(kept_files()) == 1 and not Benchmark.objects.exists()

    page = client.get(preview_url).content.decode()
    assert "Pillar summary" in page  # the sheet
    assert "Support Workforce" in page and "support-people" in page  # a mapped column
    assert "Mental health" in page and "South West" in page  # counts by setting and region
    assert ">Import<" in page

    response = client.post(preview_url, {"action": "import"})
    assert response.status_code == 303 and response["Location"] == "/reports/benchmarks/"
    benchmark = Benchmark.objects.get()
    assert benchmark.name == "2025 national results" and benchmark.imported_by == national
    assert benchmark.organisation_count == 3 and BenchmarkScore.objects.count() > 10
    assert kept_files() == []
    listed = client.get("/reports/benchmarks/").content.decode()
    assert "2025 national results" in listed and "results.xlsx" in listed
    # The token is spent: the file is gone.
    assert client.get(preview_url).status_code == 404


def test_every_problem_is_listed_by_row_and_column_and_nothing_is_kept(
    client, national, version, map_
):
    bad = [list(GOOD_ROWS[0]), list(GOOD_ROWS[2])]
    bad[0][1] = "Nowhere ICB"
    bad[1][5] = "seven"
    response = post(client, version, workbook(bad))
    assert response.status_code == 400
    page = response.content.decode()
    assert "The file cannot be imported" in page
    assert "Row 5, column ICS: no system (ICS) is called &#39;Nowhere ICB&#39;" in page
    assert "Row 6, column Ensure Smart Foundations" in page
    assert ">Import<" not in page
    assert kept_files() == [] and not Benchmark.objects.exists()


@pytest.mark.parametrize(
    "file_name, content, message",
    [
        ("results.xlsx", b"Region,ICS,Provider\nx,y,z\n", "is called .xlsx but is a CSV"),
        ("results.xlsx", b"\x00\x01\x02 not a workbook", "is called .xlsx but is not a workbook"),
        ("results.csv", b"Region,ICS,Provider\nNorth,West,Trust\n", "No header row found"),
    ],
)
def test_wrong_files_are_refused_with_the_reason(
    client, national, version, map_, file_name, content, message
):
    response = post(client, version, content, file_name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert kept_files() == [] and not Benchmark.objects.exists()


def test_missing_measure_columns_are_a_problem(client, national, version, map_):
    header = HEADER[:4] + ["Comments"]
    response = post(client, version, workbook([r[:4] + ["ok"] for r in GOOD_ROWS], header=header))
    assert response.status_code == 400
    assert "no column is a success measure" in response.content.decode()


def test_the_form_itself_refuses_bad_input(client, national, version):
    response = client.post(UPLOAD, {"name": "", "framework_version": version.pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the results file to upload" in page and "Give the benchmark a name" in page
    response = post(client, version, b"%PDF-1.4", "results.pdf")
    assert response.status_code == 400
    assert "must be an Excel workbook (.xlsx) or a CSV file" in response.content.decode()
    response = post(client, version, workbook(GOOD_ROWS), name="x" * 201)
    assert "200 characters or fewer" in response.content.decode()


def test_a_taken_name_is_a_problem_in_the_preview(client, national, version, map_):
    preview_url = post(client, version, workbook(GOOD_ROWS))["Location"]
    client.post(preview_url, {"action": "import"})
    other = workbook(GOOD_ROWS[:2])
    response = post(client, version, other)
    assert response.status_code == 400
    assert "A benchmark called &#39;2025 national results&#39; exists" in response.content.decode()
    assert Benchmark.objects.count() == 1


def test_a_tampered_expired_or_borrowed_token_finds_nothing(client, national, version, map_):
    preview_url = post(client, version, workbook(GOOD_ROWS))["Location"]
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    assert client.get(preview_url.replace(token, token[:-2] + "xx")).status_code == 404
    # A validly signed token naming another path is refused too.
    forged = signing.dumps(
        {"p": "../settings.py", "f": "a.xlsx", "n": "x", "v": version.pk, "u": national.pk},
        salt=uploads.SALT,
    )
    assert client.post(f"{UPLOAD}{forged}/", {"action": "import"}).status_code == 404
    # Someone else, even a national administrator, cannot use it.
    other = PersonaFactory(role=Role.NATIONAL_ADMIN)
    client.force_login(other)
    assert client.post(preview_url, {"action": "import"}).status_code == 404
    assert not Benchmark.objects.exists()
    assert len(kept_files()) == 1
    # Expired: refused, and the file is deleted.
    client.force_login(national)
    original = uploads.MAX_AGE
    try:
        uploads.MAX_AGE = dt.timedelta(seconds=-1)
        assert client.get(preview_url).status_code == 404
    finally:
        uploads.MAX_AGE = original
    assert kept_files() == []


def test_cancel_forgets_the_file(client, national, version, map_):
    preview_url = post(client, version, workbook(GOOD_ROWS))["Location"]
    response = client.post(preview_url, {"action": "cancel"})
    assert response.status_code == 303 and kept_files() == []
    assert not Benchmark.objects.exists()


def test_abandoned_uploads_are_swept(client, national, version, map_):
    default_storage.save(f"{uploads.FOLDER}/{'a' * 32}.xlsx", ContentFile(b"old"))
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    assert uploads.uploads_sweep(now=later) == 1
    assert kept_files() == []


@pytest.mark.parametrize("role, at", [(Role.ANALYST, "region"), (Role.SRO, "system"), (None, None)])
def test_only_national_administrators(client, map_, role, at):
    scope = {"region": map_["west"].region, "system": map_["west"], None: None}[at]
    user = PersonaFactory(role=role, at=scope) if role else PersonaFactory()
    client.force_login(user)
    for path in ("/reports/benchmarks/", UPLOAD, f"{UPLOAD}whatever/"):
        assert client.get(path).status_code == 403
    client.logout()
    assert client.get("/reports/benchmarks/").status_code == 302
