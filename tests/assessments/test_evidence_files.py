"""Evidence files and links: what is accepted, what is refused and what the person is told.

The sample files are made here, small but real: a PDF with a cross-reference table, a 1x1 PNG,
JPEG headers, Word, Excel and PowerPoint zips with their content types, an OLE2 header.
"""

import io
import re
import struct
import zipfile
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile, UploadedFile

from assessments.evidence_files import (
    MAX_EVIDENCE_BYTES,
    CheckedFile,
    EvidenceFileError,
    check_link,
    check_upload,
    evidence_download_response,
    safe_display_name,
    storage_name,
)
from config.errors import DomainError

WRONG_TYPE = "The selected file must be a PDF, Word, Excel, PowerPoint, PNG or JPEG."
EMPTY = "The selected file is empty: choose a file with something in it."
TOO_BIG = (
    "The selected file must be 10 MB or smaller: choose a smaller file, or save this one "
    "with smaller pictures and choose it again."
)
NO_EXTENSION = (
    "The name of the selected file must end in its type, such as .pdf or .docx: "
    "rename the file and choose it again."
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def make_pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_png() -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    pixels = zlib.compress(b"\x00\x00\x5e\xb8")  # filter byte, then NHS blue
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    b"\xff\xdb\x00\x43\x00" + bytes(range(1, 65)) + b"\xff\xd9"
)
OLE2 = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    + b"\x00" * 16
    + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    + b"\x00" * 480
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"

OOXML_PARTS = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    "docm": ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
    "xlsm": ("xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
}


def make_ooxml(kind: str, *, vba: bool = False) -> bytes:
    main, content_type = OOXML_PARTS[kind]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main}" ContentType="{content_type}"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/officeDocument" Target="{main}"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr(main, '<?xml version="1.0" encoding="UTF-8"?><root/>')
        if vba:
            archive.writestr(main.split("/")[0] + "/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    return buffer.getvalue()


def make_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/notes.txt", "a zip with a word folder is not a Word document")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    # The browser's content type is deliberately wrong in most tests: it must never matter.
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(file) -> str:
    with pytest.raises(EvidenceFileError) as caught:
        check_upload(file)
    return caught.value.message


def claimed_upload(name: str, size: int | None, content: bytes) -> InMemoryUploadedFile:
    """A real Django upload whose size is whatever it says, not what it holds."""
    return InMemoryUploadedFile(io.BytesIO(content), "file", name, "application/pdf", size, None)


# Accepted files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", make_pdf(), "application/pdf"),
        ("board paper.docx", make_ooxml("docx"), DOCX_TYPE),
        ("scores.xlsx", make_ooxml("xlsx"), XLSX_TYPE),
        ("slides.pptx", make_ooxml("pptx"), PPTX_TYPE),
        ("old minutes.doc", OLE2, "application/msword"),
        ("old scores.xls", OLE2, "application/vnd.ms-excel"),
        ("old slides.ppt", OLE2, "application/vnd.ms-powerpoint"),
        ("screenshot.png", make_png(), "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
    ],
)
def test_it_accepts_each_allowed_type_with_the_type_from_its_contents(name, content, content_type):
    checked = check_upload(upload(name, content, content_type="text/html"))

    assert checked == CheckedFile(
        safe_name=name,
        content_type=content_type,
        extension=name.rsplit(".", 1)[1],
        size=len(content),
    )


def test_checked_file_is_frozen():
    checked = check_upload(upload("report.pdf", make_pdf()))

    with pytest.raises(AttributeError):
        checked.content_type = "text/html"


def test_it_accepts_an_extension_in_capitals_and_stores_it_in_lower_case():
    checked = check_upload(upload("SCAN.PNG", make_png()))

    assert (checked.safe_name, checked.extension) == ("SCAN.png", "png")


def test_it_leaves_the_file_at_the_start_ready_to_be_saved():
    for name, content in (("report.pdf", make_pdf()), ("paper.docx", make_ooxml("docx"))):
        file = upload(name, content)
        check_upload(file)

        assert file.read() == content


def test_it_accepts_a_file_of_exactly_10_mb():
    content = make_pdf()
    content += b"\n" * (MAX_EVIDENCE_BYTES - len(content))

    checked = check_upload(upload("big report.pdf", content))

    assert checked.size == MAX_EVIDENCE_BYTES == 10 * 1024 * 1024


def test_it_works_out_the_size_of_a_file_that_does_not_say():
    file = UploadedFile(io.BytesIO(make_pdf()), name="report.pdf")  # Django's default: size=None
    assert file.size is None

    assert check_upload(file).size == len(make_pdf())


# Refused files ----------------------------------------------------------------------------------


def test_the_error_is_a_domain_error():
    assert issubclass(EvidenceFileError, DomainError)


def test_it_refuses_an_empty_file():
    assert refusal(upload("report.pdf", b"")) == EMPTY


def test_it_refuses_a_file_that_says_it_has_a_size_but_has_no_contents():
    assert refusal(claimed_upload("report.pdf", 100, b"")) == EMPTY


def test_it_refuses_a_file_over_10_mb_without_reading_it():
    file = claimed_upload("report.pdf", MAX_EVIDENCE_BYTES + 1, make_pdf())
    file.seek(3)  # anywhere but the start: reading it, or rewinding to read it, would move this

    assert refusal(file) == TOO_BIG
    assert file.tell() == 3


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", HTML),
        ("page.htm", HTML),
        ("drawing.svg", SVG),
        ("setup.exe", EXE),
        ("script.js", b"alert(1)"),
        ("run.sh", b"#!/bin/sh\nrm -rf /\n"),
        ("archive.zip", make_zip()),
        ("notes.txt", b"plain text"),
        ("picture.gif", b"GIF89a\x01\x00\x01\x00"),
    ],
)
def test_it_refuses_other_types(name, content):
    assert refusal(upload(name, content)) == WRONG_TYPE


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "budget.docm",
            make_ooxml("docm", vba=True),
            "The selected file can contain macros, which are not allowed: save it as a Word "
            "document (.docx) without macros and choose it again.",
        ),
        (
            "budget.xlsm",
            make_ooxml("xlsm", vba=True),
            "The selected file can contain macros, which are not allowed: save it as an Excel "
            "workbook (.xlsx) without macros and choose it again.",
        ),
        (
            "slides.pptm",
            b"anything",
            "The selected file can contain macros, which are not allowed: save it as a PowerPoint "
            "presentation (.pptx) without macros and choose it again.",
        ),
        # Renamed to hide the macros: the contents give it away.
        (
            "budget.docx",
            make_ooxml("docm", vba=True),
            "The selected file can contain macros, which are not allowed: save it as a Word "
            "document (.docx) without macros and choose it again.",
        ),
        (
            "budget.xlsx",
            make_ooxml("xlsm"),
            "The selected file can contain macros, which are not allowed: save it as an Excel "
            "workbook (.xlsx) without macros and choose it again.",
        ),
        (
            "paper.docx",
            make_ooxml("docx", vba=True),
            "The selected file can contain macros, which are not allowed: save it as a Word "
            "document (.docx) without macros and choose it again.",
        ),
    ],
)
def test_it_refuses_macro_enabled_office_files(name, content, message):
    assert refusal(upload(name, content)) == message


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            make_png(),
            "The selected file is called report.pdf but it is a PNG image: rename it to end in "
            ".png and choose it again.",
        ),
        (
            "photo.png",
            JPEG,
            "The selected file is called photo.png but it is a JPEG image: rename it to end in "
            ".jpg and choose it again.",
        ),
        (
            "scores.docx",
            make_ooxml("xlsx"),
            "The selected file is called scores.docx but it is an Excel workbook: rename it to end "
            "in .xlsx and choose it again.",
        ),
        (
            "paper.doc",
            make_ooxml("docx"),
            "The selected file is called paper.doc but it is really a .docx file: rename it to end "
            "in .docx and choose it again.",
        ),
        (
            "minutes.pdf",
            OLE2,
            "The selected file is called minutes.pdf but it is an older Word, Excel or PowerPoint "
            "file: rename it to end in .doc, .xls or .ppt and choose it again.",
        ),
        (
            "locked.xlsx",
            OLE2,
            "The selected file is called locked.xlsx but it is password protected or saved in an "
            "older format: remove the password, or save it as an Excel workbook (.xlsx), and choose "
            "it again.",
        ),
    ],
)
def test_it_refuses_an_allowed_type_under_another_types_name(name, content, message):
    assert refusal(upload(name, content)) == message


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            HTML,
            "The selected file is called report.pdf but it is not a PDF: save it as a PDF and "
            "choose it again.",
        ),
        (
            "report.pdf",
            SVG,
            "The selected file is called report.pdf but it is not a PDF: save it as a PDF and "
            "choose it again.",
        ),
        (
            "report.pdf",
            b"  %PDF-1.4 with something in front",
            "The selected file is called report.pdf but it is not a PDF: save it as a PDF and "
            "choose it again.",
        ),
        (
            "setup.docx",
            EXE,
            "The selected file is called setup.docx but it is not a Word document: save it as a "
            "Word document and choose it again.",
        ),
        (
            "archive.docx",
            make_zip(),
            "The selected file is called archive.docx but it is not a Word document: save it as a "
            "Word document and choose it again.",
        ),
        (
            "broken.xlsx",
            b"PK\x03\x04 not really a zip",
            "The selected file is called broken.xlsx but it is not an Excel workbook: save it as an "
            "Excel workbook and choose it again.",
        ),
        (
            "photo.jpg",
            b"GIF89a\x01\x00\x01\x00",
            "The selected file is called photo.jpg but it is not a JPEG image: save it as a JPEG "
            "image and choose it again.",
        ),
    ],
)
def test_it_refuses_other_contents_disguised_by_an_allowed_name(name, content, message):
    assert refusal(upload(name, content)) == message


@pytest.mark.parametrize("name", ["report", "report.", "Minutes v1.2 final", "pdf", "../../", ""])
def test_it_refuses_a_file_without_an_extension(name):
    # A Django File keeps the name it is given, even one an upload could not have.
    assert refusal(ContentFile(make_pdf(), name=name)) == NO_EXTENSION
    if name not in ("", "../../"):  # Django refuses to make these uploads at all
        assert refusal(upload(name, make_pdf())) == NO_EXTENSION


def test_it_does_not_trust_the_browsers_content_type():
    checked = check_upload(upload("report.pdf", make_pdf(), content_type="text/html"))

    assert checked.content_type == "application/pdf"
    assert refusal(upload("page.pdf", HTML, content_type="application/pdf")).startswith(
        "The selected file is called page.pdf but it is not a PDF"
    )


# Names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "safe_name"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\report.pdf", "report.pdf"),
        ("/tmp/a.pdf", "a.pdf"),
        ("..\\..\\a.pdf", "a.pdf"),
        ("../../.pdf", "evidence.pdf"),
        (".pdf", "evidence.pdf"),
        ("...hidden report.pdf", "hidden report.pdf"),
        ("report\x00.pdf", "report.pdf"),
        ("board\r\nreport.pdf", "board report.pdf"),
        ("bell\x07.pdf", "bell.pdf"),
        ('say "hello"; a=b.pdf', "say hello; a=b.pdf"),
        ("<script>.pdf", "script.pdf"),
        ("a:b*c?d|e.pdf", "abcde.pdf"),
        ("  lots   of\tspace  .pdf", "lots of space.pdf"),
        ("non\u00a0breaking.pdf", "non breaking.pdf"),
        ("evil\u202efdp.exe.pdf", "evilfdp.exe.pdf"),
        ('<>:"|?*.pdf', "evidence.pdf"),
        ("report...pdf", "report.pdf"),
    ],
)
def test_it_reduces_a_path_like_or_unsafe_name_to_a_safe_file_name(name, safe_name):
    content = make_pdf()

    assert check_upload(upload(name, content)).safe_name == safe_name
    # Django's uploads drop a leading POSIX path themselves: check we do without that help.
    assert check_upload(ContentFile(content, name=name)).safe_name == safe_name


@pytest.mark.parametrize(
    "name",
    [
        "Évaluation – réunion d’équipe.pdf",
        "報告書 2024.pdf",
        "Ysbyty Gwynedd – adroddiad.pdf",
        "Café déjà vu 😀.pdf",
    ],
)
def test_it_keeps_a_unicode_name_readable(name):
    assert check_upload(upload(name, make_pdf())).safe_name == name


def test_it_puts_a_unicode_name_into_one_canonical_form():
    decomposed = "Re\u0301union.pdf"

    assert check_upload(upload(decomposed, make_pdf())).safe_name == "R\u00e9union.pdf"


def test_it_shortens_a_long_name_to_150_characters_keeping_the_extension():
    safe_name = check_upload(upload("a" * 300 + ".docx", make_ooxml("docx"))).safe_name

    assert safe_name == "a" * 145 + ".docx"
    assert len(safe_name) == 150


def test_safe_display_name_cleans_any_stored_name():
    assert safe_display_name("../x/\x07re:port.pdf") == "report.pdf"
    assert safe_display_name("") == "evidence"


def test_storage_name_is_ours_and_never_the_persons():
    checked = check_upload(upload("../../My Report.PDF", make_pdf()))

    first = storage_name(checked, assessment_id=42)
    second = storage_name(checked, assessment_id=42)

    assert re.fullmatch(r"evidence/42/[0-9a-f]{32}\.pdf", first)
    assert first != second
    assert "Report" not in first


@pytest.mark.parametrize("assessment_id", ["../1", "1/2", "", "a b", None])
def test_storage_name_refuses_an_assessment_id_that_is_not_one(assessment_id):
    checked = check_upload(upload("report.pdf", make_pdf()))

    with pytest.raises(ValueError):
        storage_name(checked, assessment_id=assessment_id)


# Downloads --------------------------------------------------------------------------------------


def download(content=b"%PDF-1.4", *, content_type="application/pdf", filename="report.pdf"):
    return evidence_download_response(
        ContentFile(content), checked_content_type=content_type, filename=filename
    )


def test_a_download_is_an_attachment_with_headers_that_stop_the_browser_running_it():
    response = download()

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


@pytest.mark.parametrize("content_type", ["image/png", "image/jpeg", "application/pdf"])
def test_images_and_pdfs_are_downloaded_too_never_shown_inline(content_type):
    extension = {"image/png": "png", "image/jpeg": "jpg", "application/pdf": "pdf"}[content_type]
    response = download(content_type=content_type, filename=f"scan.{extension}")

    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == content_type


def test_a_unicode_download_name_is_encoded_as_rfc_6266_says():
    response = download(filename="Évaluation 2024.pdf")

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%C3%89valuation%202024.pdf"
    )


def test_a_download_name_is_cleaned_again():
    response = download(filename='../"quoted"\r\nname.pdf')

    assert response["Content-Disposition"] == 'attachment; filename="quoted name.pdf"'


def test_a_download_name_takes_the_extension_of_the_stored_type():
    assert download(filename="notes.html")["Content-Disposition"] == (
        'attachment; filename="notes.pdf"'
    )
    assert download(content_type="image/png", filename="notes")["Content-Disposition"] == (
        'attachment; filename="notes.png"'
    )


@pytest.mark.parametrize("content_type", ["text/html", "image/svg+xml", "application/zip", ""])
def test_a_download_refuses_a_type_that_evidence_never_has(content_type):
    with pytest.raises(ValueError):
        download(content_type=content_type)


# Links ------------------------------------------------------------------------------------------

EXAMPLE = "https://www.example.nhs.uk/evidence"
NOT_HTTP = f"The link must be a full web address starting with https:// or http://, like {EXAMPLE}"
BAD_FORMAT = f"Enter the link in the correct format, like {EXAMPLE}"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.england.nhs.uk/digitaltechnology/", None),
        (
            "  http://intranet.example.nhs.uk/policies/dspt.pdf?v=2#page=3  ",
            "http://intranet.example.nhs.uk/policies/dspt.pdf?v=2#page=3",
        ),
        ("HTTPS://EXAMPLE.COM/Report", None),
        ("https://bücher.example/évaluation", None),
        ("https://example.com:8443/a/b", None),
    ],
)
def test_it_accepts_a_full_web_address(url, expected):
    assert check_link(url) == (expected or url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", f"Enter a link to the evidence, like {EXAMPLE}"),
        ("   ", f"Enter a link to the evidence, like {EXAMPLE}"),
        ("javascript:alert(1)", NOT_HTTP),
        ("JavaScript:alert(1)", NOT_HTTP),
        ("data:text/html,<script>alert(1)</script>", NOT_HTTP),
        ("file:///etc/passwd", NOT_HTTP),
        ("ftp://example.com/report.pdf", NOT_HTTP),
        ("vbscript:msgbox", NOT_HTTP),
        ("/assessments/1/", NOT_HTTP),
        ("www.example.com/report", NOT_HTTP),
        ("//example.com/report", NOT_HTTP),
        ("https://", BAD_FORMAT),
        ("https://not a host/", BAD_FORMAT),
        ("https://example", BAD_FORMAT),
        ("https://example.com/a\nb", BAD_FORMAT),
        ("http://[::1", BAD_FORMAT),
        (
            "https://www.nhs.uk@evil.example/",
            "The link must not include a user name or password: remove the part that ends in @ "
            "and try again.",
        ),
        (
            "https://example.com/" + "a" * 1981,
            "The link must be 2,000 characters or fewer: use a shorter link to the same page, or "
            "upload the evidence as a file.",
        ),
    ],
)
def test_it_refuses_a_link_that_is_not_a_full_web_address(url, message):
    with pytest.raises(EvidenceFileError) as caught:
        check_link(url)

    assert caught.value.message == message


def test_a_link_of_exactly_2000_characters_is_accepted():
    url = "https://example.com/" + "a" * 1980

    assert len(url) == 2000
    assert check_link(url) == url
