"""Who is told: the people holding a role at an organisation who can receive email (an active
account with an address), in a fixed number of queries however many organisations."""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model

from ..models import Membership, Role


def reachable(user) -> bool:
    """Someone who can be emailed: an active account with an address."""
    return user is not None and user.is_active and bool((user.email or "").strip())


def holding(role: str, organisation_ids: Iterable[int]) -> dict[int, list]:
    """Organisation id -> the reachable people holding `role` there, in name order (one query)."""
    found: dict[int, list] = defaultdict(list)
    memberships = (
        Membership.objects.filter(
            role=role, organisation_id__in=list(organisation_ids), user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    for membership in memberships:
        found[membership.organisation_id].append(membership.user)
    return found


def respondents(organisation_ids: Iterable[int]) -> dict[int, list]:
    return holding(Role.RESPONDENT, organisation_ids)


def approvers(organisation_ids: Iterable[int]) -> dict[int, list]:
    return holding(Role.APPROVER, organisation_ids)


def user(pk: int | None):
    """The user with this id if they can be emailed, else None."""
    if pk is None:
        return None
    person = get_user_model().objects.filter(pk=pk).first()
    return person if reachable(person) else None
