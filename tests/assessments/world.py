"""A small map of the NHS with a person in every role, shared by the unit and browser tests.

    North East and Yorkshire (Y63)                 South West (Y58)
      West Yorkshire (QWO)     North East (QHM)      Devon (QJK)
        Northmoor Hospitals      Tynebridge Hosp.      Exewater Community
        Calderbrook Mental H.
        West Yorkshire ICB
        Moorland Ambulance  ----(also serves QHM)

Everyone's password is tests.conftest.PASSWORD.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import Organisation, Region, Role, System, SystemMembership
from assessments.services import membership_grant
from frameworks.models import Framework, FrameworkVersion

START = dt.date(2022, 7, 1)


@dataclass
class World:
    north: Region
    south: Region
    west_yorkshire: System
    north_east: System
    devon: System
    northmoor: Organisation  # acute trust in West Yorkshire: the respondent's organisation
    calderbrook: Organisation  # mental health trust in West Yorkshire
    west_yorkshire_icb: Organisation
    tynebridge: Organisation  # acute trust in North East
    exewater: Organisation  # community trust in Devon
    ambulance: Organisation  # hosted by West Yorkshire, also serves North East
    published: FrameworkVersion
    draft: FrameworkVersion
    users: dict

    def __getattr__(self, name):
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None


def _organisation(code, name, setting, *systems):
    organisation = Organisation.objects.create(ods_code=code, name=name, care_setting=setting)
    for index, system in enumerate(systems):
        SystemMembership.objects.create(
            organisation=organisation, system=system, is_host=index == 0, valid_from=START
        )
    return organisation


def build_world(password: str) -> World:
    north = Region.objects.create(ods_code="Y63", name="North East and Yorkshire")
    south = Region.objects.create(ods_code="Y58", name="South West")
    west_yorkshire = System.objects.create(
        ods_code="QWO",
        name="NHS West Yorkshire Integrated Care Board",
        region=north,
        valid_from=START,
    )
    north_east = System.objects.create(
        ods_code="QHM",
        name="NHS North East and North Cumbria Integrated Care Board",
        region=north,
        valid_from=START,
    )
    devon = System.objects.create(
        ods_code="QJK", name="NHS Devon Integrated Care Board", region=south, valid_from=START
    )
    northmoor = _organisation("ZT001", "Northmoor Hospitals NHS Trust", "acute", west_yorkshire)
    calderbrook = _organisation(
        "ZT002", "Calderbrook Mental Health NHS Trust", "mental_health", west_yorkshire
    )
    icb = _organisation("QWO", "NHS West Yorkshire Integrated Care Board", "icb", west_yorkshire)
    tynebridge = _organisation("ZT003", "Tynebridge Hospitals NHS Trust", "acute", north_east)
    exewater = _organisation("ZT004", "Exewater Community NHS Trust", "community", devon)
    ambulance = _organisation(
        "ZA01", "Moorland Ambulance Service NHS Trust", "ambulance", west_yorkshire, north_east
    )

    framework = Framework.objects.create(key="wgll", name="What Good Looks Like")
    published = FrameworkVersion.objects.create(
        framework=framework,
        version="1.0.0",
        status=FrameworkVersion.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    draft = FrameworkVersion.objects.create(framework=framework, version="2.0.0")

    User = get_user_model()
    people = {
        # name: (first name, last name, role, scope)
        "respondent": ("Rosa", "Respondent", Role.RESPONDENT, {"organisation": northmoor}),
        "approver": ("Amir", "Approver", Role.APPROVER, {"organisation": northmoor}),
        "board_org": ("Bob", "Board", Role.BOARD_READER, {"organisation": northmoor}),
        "board_system": ("Beth", "Board", Role.BOARD_READER, {"system": west_yorkshire}),
        "sro": ("Sara", "Owner", Role.SRO, {"system": west_yorkshire}),
        "analyst": ("Ann", "Analyst", Role.ANALYST, {"region": north}),
        "national": ("Nadia", "National", Role.NATIONAL_ADMIN, {}),
        "other_respondent": ("Otto", "Respondent", Role.RESPONDENT, {"organisation": exewater}),
        "other_sro": ("Olga", "Owner", Role.SRO, {"system": devon}),
        "other_analyst": ("Omar", "Analyst", Role.ANALYST, {"region": south}),
        "nobody": ("Nina", "Nobody", None, {}),
    }
    users = {}
    for username, (first, last, role, scope) in people.items():
        user = User.objects.create_user(
            username, password=password, first_name=first, last_name=last
        )
        if role:
            membership_grant(user=user, role=role, **scope)
        users[username] = user
    return World(
        north,
        south,
        west_yorkshire,
        north_east,
        devon,
        northmoor,
        calderbrook,
        icb,
        tynebridge,
        exewater,
        ambulance,
        published,
        draft,
        users,
    )
