"""The people pages' rows: each role with the actions the viewer may take on it (take the role
away, deactivate or reactivate the person), each a link to the page that does it. The access
policy is asked once per distinct role and scope, and once per person, not once per row."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from .. import access
from ..models import Membership, Role


@dataclass(frozen=True)
class Row:
    membership: Membership
    remove: str = ""
    deactivate: str = ""
    reactivate: str = ""

    @property
    def any(self) -> bool:
        return bool(self.remove or self.deactivate or self.reactivate)


class Actions:
    """What `viewer` may do to the roles and people a page lists; `back` is the page, where
    each action returns. On an organisation's page, taking a role away and deactivating use
    the organisation's own pages (`assessments:role_remove`, `assessments:deactivate`)."""

    def __init__(self, viewer, back: str, *, organisation=None):
        self.viewer = viewer
        self.organisation = organisation
        self.query = "?" + urlencode({"next": back})
        self._revoke: dict[tuple, bool] = {}
        self._person: dict[int, bool] = {}

    def _may_revoke(self, membership: Membership) -> bool:
        own = membership.user_id if membership.role == Role.NATIONAL_ADMIN else None
        scope = membership.scope
        key = (membership.role, type(scope).__name__, getattr(scope, "pk", None), own)
        if key not in self._revoke:
            self._revoke[key] = access.may_revoke(self.viewer, membership)
        return self._revoke[key]

    def _may_change_person(self, person) -> bool:
        # Reactivating is the same rule as deactivating (`access.may_reactivate`).
        if person.pk not in self._person:
            self._person[person.pk] = access.may_deactivate(self.viewer, person)
        return self._person[person.pk]

    def row(self, membership: Membership) -> Row:
        person = membership.user
        remove = deactivate = reactivate = ""
        code = getattr(self.organisation, "ods_code", None)
        if self._may_revoke(membership):
            if code:
                remove = reverse("assessments:role_remove", args=[code, membership.pk])
            else:
                remove = reverse("assessments:person_role_remove", args=[membership.pk])
                remove += self.query
        if self._may_change_person(person):
            if person.is_active and code:
                deactivate = reverse("assessments:deactivate", args=[code, person.pk])
            elif person.is_active:
                deactivate = reverse("assessments:person_deactivate", args=[person.pk])
                deactivate += self.query
            else:
                reactivate = reverse("assessments:person_reactivate", args=[person.pk])
                reactivate += self.query
        return Row(membership, remove, deactivate, reactivate)

    def rows(self, memberships) -> list[Row]:
        return [self.row(m) for m in memberships]
