"""A realistic, plainly fictional demo: every system populated, and a login for every role.

Deterministic (a fixed seed, and the plan depends only on the reference files) and idempotent:
what is already there is left alone, what is missing is added in a few bulk inserts.
Organisations below ICB level have invented names ending "(demo)" and codes starting with Z,
which no real ODS code does for these kinds of organisation.
"""

import csv
import random
from dataclasses import dataclass
from itertools import product

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from ..models import (
    Membership,
    Organisation,
    OrganisationCareSetting,
    Region,
    Role,
    System,
    SystemMembership,
)
from .memberships import membership_grant
from .reference import DATA_DIR, SYSTEMS_FILE, reference_data_load

SEED = 2026
DEMO = " (demo)"
NATIONAL_ADMINISTRATORS = "National administrators"
DEMO_SYSTEM = "QWO"  # NHS West Yorkshire ICB: home of the demo respondent, approver and SRO
DEMO_REGION = "Y63"  # North East and Yorkshire

_STARTS = [
    "Ambry",
    "Brackle",
    "Cindle",
    "Dorrow",
    "Eskel",
    "Farrow",
    "Gannel",
    "Hathel",
    "Ivel",
    "Jessel",
    "Kestle",
    "Lunder",
    "Merrow",
    "Nettle",
    "Orrel",
    "Pennow",
    "Quarrel",
    "Rushen",
    "Sallow",
    "Thistle",
    "Umber",
    "Vennel",
    "Wrenn",
    "Yarrow",
]
_ENDS = [
    "brook",
    "by",
    "combe",
    "dale",
    "field",
    "ford",
    "holme",
    "mere",
    "moor",
    "stead",
    "stow",
    "thwaite",
    "vale",
    "wick",
    "worth",
]
_TRUSTS = {
    OrganisationCareSetting.ACUTE: [
        "{p} Hospitals NHS Trust",
        "{p} and {q} University Hospitals NHS Foundation Trust",
    ],
    OrganisationCareSetting.MENTAL_HEALTH: [
        "{p} Mental Health NHS Foundation Trust",
        "{p} and {q} Partnership NHS Trust",
    ],
    OrganisationCareSetting.COMMUNITY: [
        "{p} Community Health NHS Trust",
        "{p} Community Services NHS Trust",
    ],
}
_PRACTICES = [
    "{p} Surgery",
    "{p} Medical Centre",
    "{p} Health Centre",
    "{p} Family Practice",
    "{p} Medical Practice",
]

DEMO_USERS = [
    # username, first name, last name, role, scope
    ("respondent", "Ravi", "Respondent", Role.RESPONDENT, "first acute trust"),
    ("respondent2", "Rhian", "Responder", Role.RESPONDENT, "first acute trust"),
    ("approver", "Anna", "Approver", Role.APPROVER, "first acute trust"),
    ("sro", "Sam", "Owner", Role.SRO, "system"),
    ("analyst", "Ali", "Analyst", Role.ANALYST, "region"),
    ("board", "Bea", "Boardman", Role.BOARD_READER, "system"),
    ("national", "Nia", "National", Role.NATIONAL_ADMIN, None),
]


@dataclass(frozen=True)
class DemoResult:
    organisations_added: int
    memberships_added: int
    users_added: int

    def __str__(self) -> str:
        return (
            f"Demo: {self.organisations_added} organisation(s), {self.memberships_added} "
            f"system membership(s) and {self.users_added} user(s) added."
        )


@dataclass(frozen=True)
class _PlannedOrganisation:
    ods_code: str
    name: str
    care_setting: str
    systems: tuple[str, ...]  # system codes, host first


def _plan() -> list[_PlannedOrganisation]:
    """The demo organisations, from the reference file and the seed alone."""
    with (DATA_DIR / SYSTEMS_FILE).open(encoding="utf-8", newline="") as handle:
        systems = sorted(csv.DictReader(handle), key=lambda row: row["ods_code"])
    rng = random.Random(SEED)
    places = [a + b for a, b in product(_STARTS, _ENDS)]
    trust_places = rng.sample(places, len(places))
    practice_places = rng.sample(places, len(places))
    plan, trusts, practices = [], 0, 0
    used: set[str] = set()

    def place(pool, index):
        return pool[index % len(pool)]

    for system in systems:
        code = system["ods_code"]
        plan.append(
            _PlannedOrganisation(code, system["name"], OrganisationCareSetting.ICB, (code,))
        )
        settings = [
            OrganisationCareSetting.ACUTE,
            OrganisationCareSetting.MENTAL_HEALTH,
            OrganisationCareSetting.COMMUNITY,
        ]
        settings += rng.choices(settings, k=rng.randint(0, 3))
        for setting in settings:
            trusts += 1
            pattern = rng.choice(_TRUSTS[setting])
            name = pattern.format(
                p=place(trust_places, 2 * trusts), q=place(trust_places, 2 * trusts + 1)
            )
            while name in used:
                name = pattern.format(p=rng.choice(places), q=rng.choice(places))
            used.add(name)
            plan.append(_PlannedOrganisation(f"ZT{trusts:03d}", name + DEMO, setting, (code,)))
        for _ in range(rng.randint(5, 15)):
            practices += 1
            name = rng.choice(_PRACTICES).format(p=place(practice_places, practices))
            while name in used:
                name = rng.choice(_PRACTICES).format(p=rng.choice(places))
            used.add(name)
            plan.append(
                _PlannedOrganisation(
                    f"ZP{practices:04d}",
                    name + DEMO,
                    OrganisationCareSetting.GENERAL_PRACTICE,
                    (code,),
                )
            )

    by_region: dict[str, list[str]] = {}
    for system in systems:
        by_region.setdefault(system["region_ods_code"], []).append(system["ods_code"])
    for number, (_region, codes) in enumerate(sorted(by_region.items()), start=1):
        host = rng.choice(codes)
        served = (host, *[c for c in codes if c != host])
        name = f"{place(trust_places, len(places) - number)} Ambulance Service NHS Trust{DEMO}"
        plan.append(
            _PlannedOrganisation(f"ZA{number:02d}", name, OrganisationCareSetting.AMBULANCE, served)
        )
    return plan


def ensure_national_administrators_group() -> Group:
    group, _ = Group.objects.get_or_create(name=NATIONAL_ADMINISTRATORS)
    # Everything about the map and roles; to give someone a role they must be able to find them.
    # And reading framework content, which anyone signed in reads on /frameworks/: the admin's
    # rounds and assessments link to their framework version, which must open.
    group.permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label="assessments")
            | Q(content_type__app_label="auth", codename="view_user")
            | Q(content_type__app_label="frameworks", codename__startswith="view_")
        )
    )
    return group


@transaction.atomic
def demo_load(*, password: str) -> DemoResult:
    reference_data_load()
    plan = _plan()
    systems = {s.ods_code: s for s in System.objects.all()}
    plan = [p for p in plan if all(code in systems for code in p.systems)]

    existing = set(Organisation.objects.values_list("ods_code", flat=True))
    new = [
        Organisation(ods_code=p.ods_code, name=p.name, care_setting=p.care_setting)
        for p in plan
        if p.ods_code not in existing
    ]
    Organisation.objects.bulk_create(new)
    organisations = dict(
        Organisation.objects.filter(ods_code__in=[p.ods_code for p in plan]).values_list(
            "ods_code", "pk"
        )
    )
    known = set(SystemMembership.objects.values_list("organisation_id", "system_id"))
    memberships = []
    for planned in plan:
        organisation_id = organisations[planned.ods_code]
        for index, code in enumerate(planned.systems):
            system = systems[code]
            if (organisation_id, system.pk) not in known:
                memberships.append(
                    SystemMembership(
                        organisation_id=organisation_id,
                        system=system,
                        is_host=index == 0,
                        valid_from=system.valid_from,
                    )
                )
    SystemMembership.objects.bulk_create(memberships)
    users_added = _demo_users(password=password, plan=plan)
    return DemoResult(len(new), len(memberships), users_added)


def demo_organisation_code(plan: list[_PlannedOrganisation] | None = None) -> str:
    """The demo respondents' and approver's organisation: the first acute trust of the demo
    system."""
    return next(
        p.ods_code
        for p in plan or _plan()
        if p.systems == (DEMO_SYSTEM,) and p.care_setting == OrganisationCareSetting.ACUTE
    )


def _demo_users(*, password: str, plan: list[_PlannedOrganisation]) -> int:
    User = get_user_model()
    scopes = {
        "first acute trust": {
            "organisation": Organisation.objects.get(ods_code=demo_organisation_code(plan))
        },
        "system": {"system": System.objects.get(ods_code=DEMO_SYSTEM)},
        "region": {"region": Region.objects.get(ods_code=DEMO_REGION)},
        None: {},
    }
    added = 0
    for username, first_name, last_name, role, scope in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.nhs.uk",
            },
        )
        if created:
            added += 1
            user.set_password(password)
            if role == Role.NATIONAL_ADMIN:
                user.is_staff = True
            user.save()
        if role == Role.NATIONAL_ADMIN:
            user.groups.add(ensure_national_administrators_group())
        if not Membership.objects.filter(user=user, role=role, **scopes[scope]).exists():
            membership_grant(by=None, user=user, role=role, **scopes[scope])
    return added
