"""Evidence uploads through the page, as an attacker or an unlucky person would send them:
disguised, oversized, named to escape the storage folder, past the volume caps, or met by a
full or unwritable storage. Each is refused with a clear message and leaves no record, no audit
entry and no file behind; a hostile name is only ever a display name."""

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.test import override_settings

from assessments.evidence_files import MAX_EVIDENCE_BYTES
from assessments.models import AuditEvent, Evidence
from tests.assessments.test_evidence_files import EXE, HTML, SVG, make_ooxml, make_pdf, make_zip

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
MB = 1024 * 1024
PDF = make_pdf()
NOT_STORED = (
    "The file could not be stored just now, so nothing was saved: try again later, or add a "
    "link to where the evidence is kept instead. If it keeps happening, tell the Waymark "
    "service desk."
)


@pytest.fixture(autouse=True)
def own_storage(settings):
    """A storage of this test's own: the test settings' in-memory storage lives as long as the
    process, and these tests count the files in it."""
    settings.STORAGES = {**settings.STORAGES}


@pytest.fixture
def assessment(launched_assessment):
    return launched_assessment()


@pytest.fixture
def respondent(client, world):
    client.force_login(world.respondent)
    return client


BOUNDARY = "----waymark-attack-boundary"


def send(client, assessment, name, content, content_type="application/pdf"):
    """Post the file as a browser (or a script) would, with the name exactly as given: Django's
    test client would reduce it to its last path part first, which is what is being tested."""
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    body = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nfile\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{quoted}"\r\nContent-Type: {content_type}\r\n\r\n'
    ).encode("utf-8", "surrogateescape")
    body += content + f"\r\n--{BOUNDARY}--\r\n".encode()
    return client.post(
        f"/assessments/{assessment.pk}/questions/wl-strategy/evidence/",
        data=body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )


def stored_files(storage=None) -> list[str]:
    storage = storage or default_storage
    found = []

    def walk(folder):
        try:
            folders, files = storage.listdir(folder)
        except (FileNotFoundError, OSError):
            return
        found.extend(f"{folder}/{name}".lstrip("/") for name in files)
        for inner in folders:
            walk(f"{folder}/{inner}".lstrip("/"))

    walk("")
    return found


def refused(response, message: str) -> None:
    page = response.content.decode()
    assert response.status_code in (400, 503), response.status_code
    assert 'class="nhsuk-error-summary"' in page
    assert message in page.replace("&#39;", "'").replace("&#x27;", "'")
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence_added").exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("minutes.pdf", HTML, "The selected file is called minutes.pdf but it is not a PDF"),
        ("chart.png", SVG, "The selected file is called chart.png but it is not a PNG image"),
        ("plan.docx", EXE, "The selected file is called plan.docx but it is not a Word document"),
        ("plan.docx", make_zip(), "it is not a Word document"),
        ("figures.xlsx", make_ooxml("docx"), "but it is a Word document"),
        ("photo.jpg", PDF, "but it is a PDF: rename it to end in .pdf"),
        ("macro.docx", make_ooxml("docx", vba=True), "can contain macros"),
        ("page.html", HTML, "The selected file must be a PDF, Word, Excel, PowerPoint, PNG"),
    ],
)
def test_a_disguised_file_is_refused_by_its_contents(
    respondent, assessment, name, content, message
):
    before = stored_files()
    refused(send(respondent, assessment, name, content, "application/pdf"), message)
    assert stored_files() == before


def test_a_file_over_10_mb_is_refused(respondent, assessment):
    big = PDF + b"%" + b"0" * (MAX_EVIDENCE_BYTES - len(PDF))
    assert len(big) == MAX_EVIDENCE_BYTES + 1
    refused(send(respondent, assessment, "big.pdf", big), "The selected file must be 10 MB")
    assert not [name for name in stored_files() if name.startswith("evidence/")]


@pytest.mark.parametrize(
    "name, shown",
    [
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\report.pdf", "report.pdf"),
        ("/etc/cron.d/minutes.pdf", "minutes.pdf"),
        ("C:\\Users\\me\\minutes.pdf", "minutes.pdf"),
        ("evidence/../../settings.pdf", "settings.pdf"),
        ("....//....//board.pdf", "board.pdf"),
        ("minutes\x00.exe.pdf", "minutes.exe.pdf"),
        ("evil\u202efdp.exe.pdf", "evilfdp.exe.pdf"),
        ("a" * 900 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_a_name_that_tries_to_escape_the_folder_is_only_a_display_name(
    respondent, assessment, name, shown
):
    response = send(respondent, assessment, name, PDF)
    assert response.status_code == 303
    evidence = Evidence.objects.get()
    assert evidence.file_name == shown
    folder = f"evidence/{assessment.pk}/"
    assert evidence.file.name.startswith(folder)
    assert len(evidence.file.name) == len(folder) + 32 + len(".pdf")
    assert stored_files() == [evidence.file.name]
    download = respondent.get(f"/assessments/{assessment.pk}/evidence/{evidence.pk}/")
    assert b"".join(download.streaming_content) == PDF
    assert "/" not in download["Content-Disposition"].split("filename", 1)[1]


def test_a_name_too_long_to_read_is_refused_with_our_page(respondent, assessment):
    response = send(respondent, assessment, "a" * 5000 + ".pdf", PDF)
    page = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Your request could not be read</h1>" in page
    assert "give it a shorter name and try again" in page
    assert "nhsuk-header" in page
    assert not Evidence.objects.exists()
    assert not stored_files()


@pytest.mark.parametrize("name", ["../../", "..", "/", "\x00"])
def test_a_name_made_of_nothing_but_path_is_refused(respondent, assessment, name):
    response = send(respondent, assessment, name, PDF)
    assert response.status_code == 400
    assert not Evidence.objects.exists()
    assert not stored_files()


# --- storage full or unwritable --------------------------------------------------------------


class FullDisk(FileSystemStorage):
    """A disk that fills up part-way through writing a file: the first bytes reach the disk,
    then the write fails as a full disk does."""

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read(100))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


@pytest.fixture
def full_disk(tmp_path):
    location = tmp_path / "media"
    backend = {"BACKEND": f"{__name__}.FullDisk", "OPTIONS": {"location": str(location)}}
    with override_settings(STORAGES={**settings.STORAGES, "default": backend}):
        yield location


@pytest.fixture
def unwritable(tmp_path):
    # Where the media folder should be is a file: nothing can be made inside it (a chmod would
    # not stop the tests' root user, a file in the way stops everyone).
    location = tmp_path / "media"
    location.write_text("not a folder")
    backend = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(location)},
    }
    with override_settings(STORAGES={**settings.STORAGES, "default": backend}):
        yield location


def test_a_full_disk_gives_a_clear_message_and_leaves_no_record_and_no_partial_file(
    respondent, assessment, full_disk
):
    response = send(respondent, assessment, "minutes.pdf", PDF)
    refused(response, NOT_STORED)
    assert response.status_code == 503
    assert [p for p in full_disk.rglob("*") if p.is_file()] == []


def test_an_unwritable_storage_gives_a_clear_message_and_leaves_no_record(
    respondent, assessment, unwritable
):
    refused(send(respondent, assessment, "minutes.pdf", PDF), NOT_STORED)
    assert unwritable.read_text() == "not a folder"


def test_after_the_storage_recovers_the_same_file_is_accepted(respondent, assessment, tmp_path):
    backend = {"BACKEND": f"{__name__}.FullDisk", "OPTIONS": {"location": str(tmp_path)}}
    with override_settings(STORAGES={**settings.STORAGES, "default": backend}):
        refused(send(respondent, assessment, "minutes.pdf", PDF), NOT_STORED)
    assert send(respondent, assessment, "minutes.pdf", PDF).status_code == 303
    assert Evidence.objects.get().file_name == "minutes.pdf"


# --- volume caps ------------------------------------------------------------------------------


def pdf_of(size: int) -> bytes:
    return PDF + b"%" + b"0" * (size - len(PDF) - 1)


@override_settings(WAYMARK_EVIDENCE_MAX_BYTES_PER_ASSESSMENT=20 * MB)
def test_an_assessments_evidence_stops_at_its_cap_saying_how_much_is_used(respondent, assessment):
    for n in range(2):
        assert send(respondent, assessment, f"part {n}.pdf", pdf_of(9 * MB)).status_code == 303
    response = send(respondent, assessment, "one too many.pdf", pdf_of(3 * MB))
    page = response.content.decode().replace("&#39;", "'")
    assert response.status_code == 400
    assert (
        "This assessment's evidence files already take 18 MB of the 20 MB allowed, and the "
        "selected file (3 MB) would go over it: remove evidence files that are no longer "
        "needed, or add a link to where the evidence is kept instead."
    ) in page
    assert Evidence.objects.count() == 2
    assert len(stored_files()) == 2
    # Exactly up to the cap is allowed.
    assert send(respondent, assessment, "last.pdf", pdf_of(2 * MB)).status_code == 303


@override_settings(WAYMARK_EVIDENCE_MAX_BYTES_PER_ORGANISATION=10 * MB)
def test_an_organisations_evidence_across_its_assessments_stops_at_its_cap(
    respondent, launched_assessment
):
    first = launched_assessment()
    second = launched_assessment(
        name="2027/28 assessment", framework_version=first.round.framework_version
    )
    assert first.organisation == second.organisation and first != second
    assert send(respondent, first, "a.pdf", pdf_of(6 * MB)).status_code == 303
    response = send(respondent, second, "b.pdf", pdf_of(5 * MB))
    assert response.status_code == 400
    assert (
        "Northmoor Hospitals NHS Trust's evidence files, across all its assessments, already "
        "take 6 MB of the 10 MB allowed, and the selected file (5 MB) would go over it"
    ) in response.content.decode().replace("&#39;", "'")
    assert Evidence.objects.filter(assessment=second).count() == 0


def test_links_do_not_count_towards_the_cap(respondent, assessment):
    with override_settings(WAYMARK_EVIDENCE_MAX_BYTES_PER_ASSESSMENT=1):
        response = respondent.post(
            f"/assessments/{assessment.pk}/questions/wl-strategy/evidence/",
            {"kind": "link", "url": "https://www.example.nhs.uk/board"},
        )
    assert response.status_code == 303


def _settings_with(**env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env}
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.WAYMARK_EVIDENCE_MAX_BYTES_PER_ASSESSMENT, "
        "s.WAYMARK_EVIDENCE_MAX_BYTES_PER_ORGANISATION)"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_the_caps_default_to_200_mb_and_1_gb_and_come_from_the_environment():
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("WAYMARK_EVIDENCE_MB_PER_")
    }
    defaults = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings "
            "as s; print(s.WAYMARK_EVIDENCE_MAX_BYTES_PER_ASSESSMENT, "
            "s.WAYMARK_EVIDENCE_MAX_BYTES_PER_ORGANISATION)",
        ],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
    )
    assert defaults.stdout.split() == [str(200 * MB), str(1024 * MB)]
    chosen = _settings_with(
        WAYMARK_EVIDENCE_MB_PER_ASSESSMENT="50", WAYMARK_EVIDENCE_MB_PER_ORGANISATION="300"
    )
    assert chosen.stdout.split() == [str(50 * MB), str(300 * MB)]
    nonsense = _settings_with(WAYMARK_EVIDENCE_MB_PER_ASSESSMENT="lots")
    assert nonsense.returncode != 0
    assert "Unexpected value WAYMARK_EVIDENCE_MB_PER_ASSESSMENT='lots'" in nonsense.stderr
