"""The access policy: every role x every kind of object x every action, allowed and denied."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from assessments import access
from assessments.models import Organisation, Region, Role, System, SystemMembership
from assessments.services import membership_grant
from frameworks.models import FrameworkVersion
from tests.conftest import PASSWORD
from tests.factories import PersonaFactory, UserFactory

pytestmark = pytest.mark.django_db

OBJECTS = [
    "north",
    "south",
    "west_yorkshire",
    "north_east",
    "devon",
    "northmoor",
    "calderbrook",
    "west_yorkshire_icb",
    "tynebridge",
    "exewater",
    "ambulance",
    "published",
    "draft",
]
READ = "view compare export"
EVERYTHING = "view edit approve compare export"
PUBLISHED_ONLY = {"published": READ}

# What each persona may do, written out by hand; everything not listed is denied.
EXPECTED: dict[str, dict[str, str]] = {
    "respondent": {"northmoor": "view edit", **PUBLISHED_ONLY},
    "approver": {"northmoor": "view approve export", **PUBLISHED_ONLY},
    "board_org": {"northmoor": "view export", **PUBLISHED_ONLY},
    "board_system": {"west_yorkshire": "view export", **PUBLISHED_ONLY},
    "sro": {
        "west_yorkshire": EVERYTHING,
        "northmoor": READ,
        "calderbrook": READ,
        "west_yorkshire_icb": READ,
        "ambulance": READ,
        **PUBLISHED_ONLY,
    },
    "analyst": {
        "north": READ,
        "west_yorkshire": READ,
        "north_east": READ,
        "northmoor": READ,
        "calderbrook": READ,
        "west_yorkshire_icb": READ,
        "tynebridge": READ,
        "ambulance": READ,
        **PUBLISHED_ONLY,
    },
    "national": {name: READ for name in OBJECTS if name != "draft"},
    "other_respondent": {"exewater": "view edit", **PUBLISHED_ONLY},
    "other_sro": {"devon": EVERYTHING, "exewater": READ, **PUBLISHED_ONLY},
    "other_analyst": {"south": READ, "devon": READ, "exewater": READ, **PUBLISHED_ONLY},
    "nobody": PUBLISHED_ONLY,
    "author": {"published": READ, "draft": EVERYTHING},
}


@pytest.fixture
def personas(world):
    return {**world.users, "author": UserFactory(username="author", author=True)}


def _mismatches(user, expected: dict[str, str], world) -> list[str]:
    wrong = []
    for name in OBJECTS:
        obj = getattr(world, name)
        allowed = set(expected.get(name, "").split())
        for action in access.ACTIONS:
            if access.may(user, action, obj) != (action in allowed):
                wrong.append(f"{'may not' if action in allowed else 'may'} {action} {name}")
    return wrong


@pytest.mark.parametrize("persona", EXPECTED)
def test_the_permission_matrix(persona, personas, world):
    assert _mismatches(personas[persona], EXPECTED[persona], world) == []


@pytest.mark.parametrize("persona", EXPECTED)
@pytest.mark.parametrize("action", access.ACTIONS)
def test_the_querysets_agree_with_may(persona, action, personas, world):
    user = personas[persona]
    for model in (Region, System, Organisation, FrameworkVersion):
        assert model.objects.exists(), f"no {model.__name__} to check"
        from_sql = set(access.restrict(user, action, model.objects.all()))
        one_by_one = {obj for obj in model.objects.all() if access.may(user, action, obj)}
        assert from_sql == one_by_one, f"{model.__name__} {action}"


def test_anonymous_and_inactive_users_may_do_nothing(world):
    inactive = world.national
    inactive.is_active = False
    inactive.save()
    for user in (AnonymousUser(), inactive):
        assert _mismatches(user, {}, world) == []
        assert not access.visible(user, Organisation.objects.all()).exists()
        assert not access.visible(user, FrameworkVersion.objects.all()).exists()


def test_a_superuser_counts_as_a_national_administrator_and_an_author(world):
    admin = get_user_model().objects.create_superuser("admin", "a@example.nhs.uk", PASSWORD)
    expected = {name: READ for name in OBJECTS if name != "draft"} | {"draft": EVERYTHING}
    assert _mismatches(admin, expected, world) == []


def test_an_sro_cannot_see_another_systems_organisation(world):
    assert not access.may(world.sro, "view", world.tynebridge)
    assert world.tynebridge not in access.visible(world.sro, Organisation.objects.all())


def test_an_sro_sees_an_ambulance_trust_hosted_by_another_system(world):
    north_east_sro = PersonaFactory(username="ne_sro", role=Role.SRO, at=world.north_east)
    assert access.may(north_east_sro, "view", world.ambulance)
    assert set(access.visible(north_east_sro, Organisation.objects.all())) == {
        world.tynebridge,
        world.ambulance,
    }


def test_an_organisation_that_left_a_system_is_no_longer_visible_to_its_sro(world):
    SystemMembership.objects.filter(organisation=world.calderbrook).update(
        valid_to=world.west_yorkshire.valid_from
    )
    assert not access.may(world.sro, "view", world.calderbrook)
    assert world.calderbrook not in access.visible(world.sro, Organisation.objects.all())
    assert access.may(world.respondent, "view", world.northmoor)


def test_a_respondent_cannot_see_their_own_system_or_region(world):
    assert not access.may(world.respondent, "view", world.west_yorkshire)
    assert not access.may(world.respondent, "view", world.north)
    assert list(access.visible(world.respondent, Organisation.objects.all())) == [world.northmoor]


def test_a_board_reader_of_a_system_cannot_open_its_member_organisations(world):
    assert access.may(world.board_system, "export", world.west_yorkshire)
    assert not access.visible(world.board_system, Organisation.objects.all()).exists()


def test_a_regional_analyst_sees_nothing_in_another_region(world):
    assert not access.may(world.analyst, "view", world.devon)
    assert not access.may(world.analyst, "view", world.exewater)
    assert set(access.visible(world.analyst, System.objects.all())) == {
        world.west_yorkshire,
        world.north_east,
    }


def test_a_person_with_several_roles_has_all_of_them(world):
    membership_grant(
        by=None, user=world.respondent, role=Role.APPROVER, organisation=world.northmoor
    )
    membership_grant(by=None, user=world.respondent, role=Role.SRO, system=world.devon)
    assert access.may(world.respondent, "edit", world.northmoor)
    assert access.may(world.respondent, "approve", world.northmoor)
    assert access.may(world.respondent, "view", world.exewater)
    assert not access.may(world.respondent, "view", world.calderbrook)


def test_an_assessment_is_judged_through_its_organisation(world, launched_assessment):
    assessment = launched_assessment(organisation=world.northmoor)
    assert assessment.access_subject() == world.northmoor
    assert access.may(world.respondent, "edit", assessment)
    assert not access.may(world.approver, "edit", assessment)
    assert access.may(world.approver, "approve", assessment)
    assert not access.may(world.other_respondent, "view", assessment)


def test_unknown_actions_and_objects_are_refused_loudly(world):
    with pytest.raises(ValueError, match="Unknown action 'delete'"):
        access.may(world.national, "delete", world.northmoor)
    with pytest.raises(TypeError, match="no rules for str"):
        access.may(world.national, "view", "QWO")


def test_framework_versions_keep_the_existing_rule(world):
    assert access.may(world.nobody, "view", world.published)
    assert not access.may(world.nobody, "view", world.draft)
    assert list(access.visible(world.nobody, FrameworkVersion.objects.all())) == [world.published]
    assert not access.may(AnonymousUser(), "view", world.published)


def test_asking_about_one_organisation_costs_two_queries(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert access.may(world.analyst, "view", world.ambulance)


def test_a_visible_list_costs_two_queries_whatever_its_size(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert len(list(access.visible(world.analyst, Organisation.objects.all()))) == 5


def test_roles_are_seen_only_by_those_who_may_see_their_scope(world):
    seen_by_sro = {m.user.username for m in access.memberships_visible_to(world.sro)}
    assert seen_by_sro == {"respondent", "approver", "board_org", "board_system", "sro"}
    everyone = {m.user.username for m in access.memberships_visible_to(world.national)}
    assert "national" in everyone and "other_sro" in everyone


@pytest.mark.parametrize("persona", EXPECTED)
def test_the_plan_drafts_queryset_agrees_with_reads_plan_drafts(persona, personas, world):
    """`restrict_plan_drafts` (the plans list's one query) is `reads_plan_drafts` in SQL."""
    user = personas[persona]
    for model in (System, Organisation):
        from_sql = set(access.restrict_plan_drafts(user, model.objects.all()))
        one_by_one = {obj for obj in model.objects.all() if access.reads_plan_drafts(user, obj)}
        assert from_sql == one_by_one, model.__name__
