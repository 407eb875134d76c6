"""Keeping an uploaded results file between its preview and the import.

The file goes to default storage under a random name (`benchmark-uploads/<32 hex>.xlsx`) that
the browser never chooses. The browser holds only a token, signed with the site's key
(`django.core.signing`), naming that file, the uploader, the benchmark's name and framework
version: a token is refused if it was altered, is older than `MAX_AGE`, belongs to someone
else, or names anything but an upload. The file is deleted after the import, on cancelling,
when its expired token is used, and by `uploads_sweep` (run at every upload) once it is older
than `MAX_AGE`.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from config.errors import NotFoundError

FOLDER = "benchmark-uploads"
SALT = "reports.benchmarks.upload"
MAX_AGE = dt.timedelta(hours=1)
STORED_NAME = re.compile(rf"^{FOLDER}/[0-9a-f]{{32}}\.(csv|xlsx)$")
GONE = "This upload was not found or has expired: upload the file again."


@dataclass(frozen=True)
class Upload:
    path: str  # where it is kept in default storage
    file_name: str  # the name it was uploaded under (its extension says how to read it)
    name: str  # the benchmark's name
    version_id: int  # the framework version its columns map to
    user_id: int


def upload_keep(*, content: bytes, file_name: str, name: str, version_id: int, by) -> str:
    """Keep the file; return the token that finds it again (for `by` only)."""
    uploads_sweep()
    extension = "xlsx" if file_name.lower().endswith(".xlsx") else "csv"
    path = default_storage.save(
        f"{FOLDER}/{secrets.token_hex(16)}.{extension}", ContentFile(content)
    )
    return signing.dumps(
        {"p": path, "f": file_name[:200], "n": name[:200], "v": version_id, "u": by.pk},
        salt=SALT,
        compress=True,
    )


def upload_open(token: str, user) -> Upload:
    """The upload a token names, for this user; NotFoundError (404) if it is not theirs, was
    altered, has expired or is gone."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        _discard_expired(token)
        raise NotFoundError(GONE) from None
    except signing.BadSignature:
        raise NotFoundError(GONE) from None
    try:
        upload = Upload(str(data["p"]), str(data["f"]), str(data["n"]), int(data["v"]), data["u"])
    except (KeyError, TypeError, ValueError):
        raise NotFoundError(GONE) from None
    if (
        upload.user_id != user.pk
        or not STORED_NAME.match(upload.path)
        or not default_storage.exists(upload.path)
    ):
        raise NotFoundError(GONE)
    return upload


def upload_read(upload: Upload) -> bytes:
    with default_storage.open(upload.path, "rb") as handle:
        return handle.read()


def upload_discard(upload: Upload) -> None:
    if STORED_NAME.match(upload.path):
        default_storage.delete(upload.path)


def _discard_expired(token: str) -> None:
    try:
        path = str(signing.loads(token, salt=SALT)["p"])
    except (signing.BadSignature, KeyError, TypeError):
        return
    if STORED_NAME.match(path):
        default_storage.delete(path)


def uploads_sweep(*, now: dt.datetime | None = None) -> int:
    """Delete kept uploads older than MAX_AGE (abandoned previews); how many were deleted."""
    now = now or timezone.now()
    try:
        _, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    deleted = 0
    for file in files:
        path = f"{FOLDER}/{file}"
        if not STORED_NAME.match(path):
            continue
        try:
            modified = default_storage.get_modified_time(path)
        except (FileNotFoundError, NotImplementedError):
            continue
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified)
        if now - modified > MAX_AGE:
            default_storage.delete(path)
            deleted += 1
    return deleted
