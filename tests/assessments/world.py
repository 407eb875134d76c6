"""A small map of the NHS with a person in every role, shared by the unit and browser tests.

    North East and Yorkshire (Y63)                 South West (Y58)
      West Yorkshire (QWO)     North East (QHM)      Devon (QJK)
        Northmoor Hospitals      Tynebridge Hosp.      Exewater Community
        Calderbrook Mental H.
        West Yorkshire ICB
        Moorland Ambulance  ----(also serves QHM)

The three personas most tests need: a respondent of org A (`world.respondent`, Northmoor), an
SRO of system X (`world.sro`, West Yorkshire) and an outsider from system Y
(`world.other_respondent` at Exewater, `world.other_sro` of Devon).

Everyone's password is tests.conftest.PASSWORD. Built with tests/factories.py.
"""

from dataclasses import dataclass

from assessments.models import Organisation, Region, Role, System
from frameworks.models import FrameworkVersion
from tests.factories import (
    PASSWORD,
    BareFrameworkVersionFactory,
    FrameworkFactory,
    OrganisationFactory,
    PersonaFactory,
    RegionFactory,
    SystemFactory,
)


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


def build_world(password: str = PASSWORD) -> World:
    north = RegionFactory(ods_code="Y63", name="North East and Yorkshire")
    south = RegionFactory(ods_code="Y58", name="South West")
    west_yorkshire = SystemFactory(
        ods_code="QWO", name="NHS West Yorkshire Integrated Care Board", region=north
    )
    north_east = SystemFactory(
        ods_code="QHM", name="NHS North East and North Cumbria Integrated Care Board", region=north
    )
    devon = SystemFactory(ods_code="QJK", name="NHS Devon Integrated Care Board", region=south)

    def organisation(code, name, care_setting, *systems):
        return OrganisationFactory(
            ods_code=code, name=name, care_setting=care_setting, member_of=systems
        )

    northmoor = organisation("ZT001", "Northmoor Hospitals NHS Trust", "acute", west_yorkshire)
    calderbrook = organisation(
        "ZT002", "Calderbrook Mental Health NHS Trust", "mental_health", west_yorkshire
    )
    icb = organisation("QWO", "NHS West Yorkshire Integrated Care Board", "icb", west_yorkshire)
    tynebridge = organisation("ZT003", "Tynebridge Hospitals NHS Trust", "acute", north_east)
    exewater = organisation("ZT004", "Exewater Community NHS Trust", "community", devon)
    ambulance = organisation(
        "ZA01", "Moorland Ambulance Service NHS Trust", "ambulance", west_yorkshire, north_east
    )

    wgll = FrameworkFactory(key="wgll", name="What Good Looks Like")
    published = BareFrameworkVersionFactory(framework=wgll, version="1.0.0", published=True)
    draft = BareFrameworkVersionFactory(framework=wgll, version="2.0.0")

    people = {
        # name: (first name, last name, role, where the role is held)
        "respondent": ("Rosa", "Respondent", Role.RESPONDENT, northmoor),
        "approver": ("Amir", "Approver", Role.APPROVER, northmoor),
        "board_org": ("Bob", "Board", Role.BOARD_READER, northmoor),
        "board_system": ("Beth", "Board", Role.BOARD_READER, west_yorkshire),
        "sro": ("Sara", "Owner", Role.SRO, west_yorkshire),
        "analyst": ("Ann", "Analyst", Role.ANALYST, north),
        "national": ("Nadia", "National", Role.NATIONAL_ADMIN, None),
        "other_respondent": ("Otto", "Respondent", Role.RESPONDENT, exewater),
        "other_sro": ("Olga", "Owner", Role.SRO, devon),
        "other_analyst": ("Omar", "Analyst", Role.ANALYST, south),
        "nobody": ("Nina", "Nobody", None, None),
    }
    users = {
        username: PersonaFactory(
            username=username,
            first_name=first,
            last_name=last,
            password=password,
            role=role,
            at=at,
        )
        for username, (first, last, role, at) in people.items()
    }
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
