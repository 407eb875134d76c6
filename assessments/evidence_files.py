"""Checking evidence before it is stored, and serving an evidence file back safely.

Nothing here trusts the browser. The type of a file comes from its contents (the first bytes, and
for Word, Excel and PowerPoint the parts inside the zip); its name is only for display; the path
in storage is ours. Pure functions: no models, no database. The view that calls them checks that
the person may see the assessment.
"""

import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import FileResponse

from config.errors import DomainError

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_NAME_LENGTH = 150
MAX_LINK_LENGTH = 2000
DEFAULT_STEM = "evidence"
# A zip's [Content_Types].xml is a few KB; reading no more than this keeps a zip bomb harmless.
MAX_CONTENT_TYPES_BYTES = 1024 * 1024


class EvidenceFileError(DomainError):
    """An evidence file or link was refused. `message` says what is wrong and how to fix it."""


@dataclass(frozen=True)
class Kind:
    name: str  # "a PDF", as in "it is not a PDF"
    extensions: tuple[str, ...]  # the first is the one we suggest
    content_type: str


PDF = Kind("a PDF", ("pdf",), "application/pdf")
DOCX = Kind(
    "a Word document",
    ("docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = Kind(
    "an Excel workbook",
    ("xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
PPTX = Kind(
    "a PowerPoint presentation",
    ("pptx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
)
DOC = Kind("a Word document", ("doc",), "application/msword")
XLS = Kind("an Excel workbook", ("xls",), "application/vnd.ms-excel")
PPT = Kind("a PowerPoint presentation", ("ppt",), "application/vnd.ms-powerpoint")
PNG = Kind("a PNG image", ("png",), "image/png")
JPEG = Kind("a JPEG image", ("jpg", "jpeg"), "image/jpeg")

KINDS = (PDF, DOCX, XLSX, PPTX, DOC, XLS, PPT, PNG, JPEG)
KIND_BY_EXTENSION = {extension: kind for kind in KINDS for extension in kind.extensions}
ALLOWED_CONTENT_TYPES = frozenset(kind.content_type for kind in KINDS)
# Office's own macro-enabled formats, named so that we can say what to do instead.
MACRO_EXTENSIONS = {
    "docm": DOCX,
    "dotm": DOCX,
    "xlsm": XLSX,
    "xltm": XLSX,
    "xlsb": XLSX,
    "xlam": XLSX,
    "pptm": PPTX,
    "potm": PPTX,
    "ppsm": PPTX,
    "ppam": PPTX,
}

# What the first bytes say. Legacy Word, Excel and PowerPoint files are all OLE2 compound files:
# the magic cannot tell them apart, so an OLE2 file is accepted under any of their extensions.
OLE2 = (DOC, XLS, PPT)
MAGIC = (
    (b"%PDF-", (PDF,)),
    (b"\x89PNG\r\n\x1a\n", (PNG,)),
    (b"\xff\xd8\xff", (JPEG,)),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE2),
)
ZIP_MAGIC = b"PK\x03\x04"
HEAD_BYTES = 8
# The folder of a document's parts, and its main part's content types in [Content_Types].xml
# (lower case): the ordinary one and the macro-enabled one.
OOXML = (
    (
        DOCX,
        "word/",
        (
            b"officedocument.wordprocessingml.document.main+xml",
            b"ms-word.document.macroenabled.main+xml",
        ),
    ),
    (
        XLSX,
        "xl/",
        (b"officedocument.spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroenabled.main+xml"),
    ),
    (
        PPTX,
        "ppt/",
        (
            b"officedocument.presentationml.presentation.main+xml",
            b"ms-powerpoint.presentation.macroenabled.main+xml",
        ),
    ),
)

EMPTY = "The selected file is empty: choose a file with something in it."
TOO_BIG = (
    "The selected file must be 10 MB or smaller: choose a smaller file, or save this one "
    "with smaller pictures and choose it again."
)
WRONG_TYPE = "The selected file must be a PDF, Word, Excel, PowerPoint, PNG or JPEG."
NO_EXTENSION = (
    "The name of the selected file must end in its type, such as .pdf or .docx: "
    "rename the file and choose it again."
)

# Characters Windows refuses in a file name (and \ / which we split paths on).
UNSAFE_NAME_CHARS = re.compile(r'[<>:"/\\|?*]')
EXTENSION_RE = re.compile(r"[A-Za-z0-9]{1,10}")
ASSESSMENT_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _macros(kind: Kind) -> str:
    return (
        f"The selected file can contain macros, which are not allowed: save it as "
        f"{kind.name} (.{kind.extensions[0]}) without macros and choose it again."
    )


def _not_a(name: str, kind: Kind) -> str:
    return (
        f"The selected file is called {name} but it is not {kind.name}: save it as "
        f"{kind.name} and choose it again."
    )


def _mismatch(name: str, claimed: Kind, found: tuple[Kind, ...]) -> str:
    if found == OLE2 and claimed in (DOCX, XLSX, PPTX):
        # Office saves a password-protected .docx, .xlsx or .pptx in the older container.
        return (
            f"The selected file is called {name} but it is password protected or saved in an "
            f"older format: remove the password, or save it as {claimed.name} "
            f"(.{claimed.extensions[0]}), and choose it again."
        )
    if found == OLE2:
        what, ends = "an older Word, Excel or PowerPoint file", ".doc, .xls or .ppt"
    elif found[0].name == claimed.name:  # a .docx called .doc, say
        what, ends = f"really a .{found[0].extensions[0]} file", f".{found[0].extensions[0]}"
    else:
        what, ends = found[0].name, f".{found[0].extensions[0]}"
    return (
        f"The selected file is called {name} but it is {what}: rename it to end in {ends} "
        "and choose it again."
    )


@dataclass(frozen=True)
class CheckedFile:
    safe_name: str  # for display and downloads only, never a path
    content_type: str  # decided from the contents
    extension: str  # lower case, no dot
    size: int


def check_upload(upload: Any) -> CheckedFile:
    """Return what we know about an uploaded evidence file, or raise EvidenceFileError.

    `upload` is a Django UploadedFile or anything with `.name`, `.size`, `.read()`, `.seek()`
    and `.tell()`. It is left at the start, ready to be saved.
    """
    size = _size(upload)
    if size == 0:
        raise EvidenceFileError(EMPTY)
    if size > MAX_EVIDENCE_BYTES:
        raise EvidenceFileError(TOO_BIG)

    safe_name, extension = _split_name(getattr(upload, "name", None) or "")
    if not extension:
        raise EvidenceFileError(NO_EXTENSION)
    if extension in MACRO_EXTENSIONS:
        raise EvidenceFileError(_macros(MACRO_EXTENSIONS[extension]))
    claimed = KIND_BY_EXTENSION.get(extension)
    if claimed is None:
        raise EvidenceFileError(WRONG_TYPE)

    try:
        upload.seek(0)
        head = upload.read(HEAD_BYTES)
        if not head:
            raise EvidenceFileError(EMPTY)
        found = _detect(upload, head)
    finally:
        upload.seek(0)

    if not found:
        raise EvidenceFileError(_not_a(safe_name, claimed))
    if claimed not in found:
        raise EvidenceFileError(_mismatch(safe_name, claimed, found))
    return CheckedFile(
        safe_name=safe_name, content_type=claimed.content_type, extension=extension, size=size
    )


def storage_name(checked: CheckedFile, *, assessment_id: int | str) -> str:
    """Where the file goes in storage: our own name, never the person's."""
    if (
        isinstance(assessment_id, bool)
        or not isinstance(assessment_id, int | str)
        or not ASSESSMENT_ID_RE.fullmatch(str(assessment_id))
    ):
        raise ValueError(f"{assessment_id!r} is not an assessment id")
    if checked.extension not in KIND_BY_EXTENSION:
        raise ValueError(f"{checked.extension!r} is not the extension of an evidence file")
    return f"evidence/{assessment_id}/{uuid.uuid4().hex}.{checked.extension}"


def evidence_download_response(
    file: IO[bytes], *, checked_content_type: str, filename: str
) -> FileResponse:
    """Serve a stored evidence file as a download, never shown in the browser.

    Even a PDF or an image is an attachment, and the headers stop a browser from guessing
    another type or running anything in it should someone open it directly.
    """
    if checked_content_type not in ALLOWED_CONTENT_TYPES:
        raise ValueError(f"{checked_content_type!r} is not the type of an evidence file")
    response = FileResponse(
        file,
        as_attachment=True,
        filename=_download_name(filename, checked_content_type),
        content_type=checked_content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


def check_link(url: str) -> str:
    """Return the link, tidied, or raise EvidenceFileError if it is not a web address."""
    example = "https://www.example.nhs.uk/evidence"
    url = (url or "").strip()
    if not url:
        raise EvidenceFileError(f"Enter a link to the evidence, like {example}")
    if len(url) > MAX_LINK_LENGTH:
        raise EvidenceFileError(
            "The link must be 2,000 characters or fewer: use a shorter link "
            "to the same page, or upload the evidence as a file."
        )
    try:
        parts = urlsplit(url)
    except ValueError:
        raise EvidenceFileError(f"Enter the link in the correct format, like {example}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise EvidenceFileError(
            f"The link must be a full web address starting with https:// or http://, like {example}"
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise EvidenceFileError(f"Enter the link in the correct format, like {example}") from None
    if "@" in parts.netloc:
        raise EvidenceFileError(
            "The link must not include a user name or password: remove the "
            "part that ends in @ and try again."
        )
    return url


def safe_display_name(name: str) -> str:
    """The name a person gave a file, made safe to show and to offer as a download name."""
    stem, extension = _split(_clean(name))
    return _join(stem, extension)


def _size(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    return int(size)


def _clean(name: str) -> str:
    name = unicodedata.normalize("NFC", str(name))
    # Control and formatting characters (such as the right-to-left override that shows
    # "evil\u202efdp.exe" as "evilexe.pdf") never belong in a name; any space becomes one space.
    name = "".join(
        ch for ch in name if ch.isspace() or not unicodedata.category(ch).startswith("C")
    )
    name = re.split(r"[/\\]", name)[-1]
    name = UNSAFE_NAME_CHARS.sub("", name)
    return " ".join(name.split())


def _split(name: str) -> tuple[str, str]:
    stem, dot, extension = name.rpartition(".")
    if not dot or not EXTENSION_RE.fullmatch(extension):
        stem, extension = name, ""
    return stem.strip(" .").lstrip("."), extension.lower()


def _join(stem: str, extension: str) -> str:
    suffix = f".{extension}" if extension else ""
    stem = stem[: MAX_NAME_LENGTH - len(suffix)].rstrip(" .") or DEFAULT_STEM
    return stem + suffix


def _split_name(name: str) -> tuple[str, str]:
    stem, extension = _split(_clean(name))
    return _join(stem, extension), extension


def _download_name(filename: str, content_type: str) -> str:
    stem, extension = _split(_clean(filename))
    kind = next(kind for kind in KINDS if kind.content_type == content_type)
    if extension not in kind.extensions:
        # A stored name that disagrees with the stored type would make the saved file open
        # as something else (report.html served as a PDF): the type wins.
        extension = kind.extensions[0]
    return _join(stem, extension)


def _detect(upload: Any, head: bytes) -> tuple[Kind, ...]:
    for magic, kinds in MAGIC:
        if head.startswith(magic):
            return kinds
    if head.startswith(ZIP_MAGIC):
        return _detect_ooxml(upload)
    return ()


def _detect_ooxml(upload: Any) -> tuple[Kind, ...]:
    """Word, Excel or PowerPoint from a zip's parts; () for any other zip. Refuses macros."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            types = next((i for i in infos if i.filename == "[Content_Types].xml"), None)
            if types is None or types.file_size > MAX_CONTENT_TYPES_BYTES:
                return ()
            with archive.open(types) as part:
                content_types = part.read(MAX_CONTENT_TYPES_BYTES + 1)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ):
        return ()

    content_types = content_types.lower()
    found = [
        kind
        for kind, folder, mains in OOXML
        if any(main in content_types for main in mains)
        and any(name.startswith(folder) for name in names)
    ]
    if len(found) != 1:
        return ()
    macro_enabled = b"macroenabled" in content_types or any(
        name.lower().endswith("vbaproject.bin") for name in names
    )
    if macro_enabled:
        raise EvidenceFileError(_macros(found[0]))
    return (found[0],)
