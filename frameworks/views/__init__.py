"""Framework pages: `reading` (the list, a version, the comparison) for anyone signed in;
`authoring` (upload, publish, new draft) for framework authors; downloads for readers of the
version."""

from .authoring import author_home, version_download, version_new_draft, version_publish
from .reading import framework_list, version_compare, version_detail

__all__ = [
    "author_home",
    "framework_list",
    "version_compare",
    "version_detail",
    "version_download",
    "version_new_draft",
    "version_publish",
]
