"""Invariants the database defends, and roles that must sit at the right scope."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from assessments.models import Membership, Role, System, SystemMembership
from assessments.services import MembershipError, membership_grant

pytestmark = pytest.mark.django_db


def test_a_system_cannot_end_before_it_starts(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        System.objects.filter(pk=world.devon.pk).update(valid_to=dt.date(2020, 1, 1))


def test_an_organisation_has_only_one_open_host_system(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        SystemMembership.objects.filter(organisation=world.ambulance).update(is_host=True)


def test_an_organisation_has_one_open_membership_of_each_system(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        SystemMembership.objects.create(
            organisation=world.northmoor,
            system=world.west_yorkshire,
            valid_from=dt.date(2024, 1, 1),
        )


@pytest.mark.parametrize(
    "role, scope, message",
    [
        (Role.RESPONDENT, {}, "A respondent needs exactly one organisation, and nothing else."),
        (
            Role.APPROVER,
            {"system": "west_yorkshire"},
            "An approver needs exactly one organisation, and nothing else.",
        ),
        (
            Role.SRO,
            {"organisation": "northmoor"},
            "A digital SRO needs exactly one system, and nothing else.",
        ),
        (
            Role.ANALYST,
            {"system": "west_yorkshire"},
            "A regional analyst needs exactly one region, and nothing else.",
        ),
        (
            Role.BOARD_READER,
            {"region": "north"},
            "A board reader needs exactly one organisation or system, and nothing else.",
        ),
        (
            Role.NATIONAL_ADMIN,
            {"region": "north"},
            "A national administrator works nationally: leave the organisation, system and region "
            "empty.",
        ),
    ],
)
def test_a_role_must_be_given_at_its_own_kind_of_scope(world, role, scope, message):
    before = Membership.objects.count()
    with pytest.raises(MembershipError) as caught:
        membership_grant(
            by=None,
            user=world.nobody,
            role=role,
            **{name: getattr(world, value) for name, value in scope.items()},
        )
    assert caught.value.message == message
    assert Membership.objects.count() == before


def test_the_database_refuses_a_role_at_the_wrong_scope(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=world.nobody, role=Role.SRO, region=world.north)


def test_giving_a_role_twice_changes_nothing(world):
    first = membership_grant(by=None, user=world.nobody, role=Role.ANALYST, region=world.south)
    again = membership_grant(by=None, user=world.nobody, role=Role.ANALYST, region=world.south)
    assert first == again
    assert Membership.objects.filter(user=world.nobody).count() == 1


def test_a_role_describes_itself(world):
    assert [str(m.describe()) for m in world.sro.memberships.all()] == [
        "Digital SRO of NHS West Yorkshire Integrated Care Board (QWO)"
    ]
    assert [m.describe() for m in world.respondent.memberships.all()] == [
        "Respondent at Northmoor Hospitals NHS Trust (ZT001)"
    ]
