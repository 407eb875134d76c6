"""Who may see and change framework versions: the frameworks' own rule.

Published (and retired) versions are open to anyone active and signed in; drafts only to
framework authors: users with the `frameworks.change_frameworkversion` permission, which the
"Framework authors" group gives. Authors may edit and publish ("approve") drafts only.

The same rule as SQL is `FrameworkVersion.objects.visible_to(user)` and `.changeable_by(user)`;
`assessments.access` asks both for framework versions, so there is still one access policy.
"""

AUTHOR_PERMISSION = "frameworks.change_frameworkversion"


def is_active_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_author(user) -> bool:
    return is_active_user(user) and user.has_perm(AUTHOR_PERMISSION)


def may_view_version(user, version) -> bool:
    return is_active_user(user) and (not version.is_draft or is_author(user))


def may_change_version(user, version) -> bool:
    """Edit or publish: drafts only, by authors."""
    return version.is_draft and is_author(user)


def may_start_draft_from(user, version) -> bool:
    """Start the next version from this one: published or retired versions, by authors."""
    return not version.is_draft and is_author(user)
