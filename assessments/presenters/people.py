"""The people pages' rows: each role with the actions the viewer may take on it (take the role
away, deactivate or reactivate the person), each a link to the page that does it. The access
policy is asked once for the whole page, not once per row."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from .. import access
from ..models import Membership


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
    """What `viewer` may do to the roles and people of `memberships`, everything a page lists
    (asked of the access policy for all of them at once: `access.revocable`,
    `access.deactivatable`, whose rule `may_reactivate` shares); `back` is the page, where each
    action returns. On an organisation's page, taking a role away and deactivating use the
    organisation's own pages (`assessments:role_remove`, `assessments:deactivate`)."""

    def __init__(self, viewer, back: str, memberships, *, organisation=None):
        memberships = list(memberships)
        self.query = "?" + urlencode({"next": back})
        self.code = getattr(organisation, "ods_code", None)
        self.removable = access.revocable(viewer, memberships)
        people = {m.user_id: m.user for m in memberships}
        self.changeable = access.deactivatable(viewer, people.values())

    def row(self, membership: Membership) -> Row:
        person, code = membership.user, self.code
        remove = deactivate = reactivate = ""
        if membership.pk in self.removable:
            if code:
                remove = reverse("assessments:role_remove", args=[code, membership.pk])
            else:
                remove = reverse("assessments:person_role_remove", args=[membership.pk])
                remove += self.query
        if person.pk in self.changeable:
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
