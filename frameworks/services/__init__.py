"""Every write to frameworks, and the reads that turn a version into a document.

A *document* is the plain-data form of one version, exactly as the YAML file holds it (see
SCHEMA.md): import reads one, export writes one, and the diff compares two. The modules:
`imports` (a file becomes a version; a new draft from a published version), `lifecycle`
(publish, retire, delete a draft), `exports` (document and YAML), `authors` (the authors'
group, finding a version), `common` (the refusal listing a file's problems, checksums).
"""

from .authors import FRAMEWORK_AUTHORS, find_version, framework_authors_group_ensure
from .common import FrameworkImportError, FrameworkPublishError, checksum
from .exports import dump_document, load_version, version_document, version_export
from .imports import SHIPPED_DIR, import_file, version_create_draft, version_import
from .lifecycle import version_draft_delete, version_publish, version_retire

__all__ = [
    "FRAMEWORK_AUTHORS",
    "SHIPPED_DIR",
    "FrameworkImportError",
    "FrameworkPublishError",
    "checksum",
    "dump_document",
    "find_version",
    "framework_authors_group_ensure",
    "import_file",
    "load_version",
    "version_create_draft",
    "version_document",
    "version_draft_delete",
    "version_export",
    "version_import",
    "version_publish",
    "version_retire",
]
