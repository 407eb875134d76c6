"""The object guards every page starts with: 404 for what the user may not see, 403 for what
they may see but not do."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from assessments.guards import (
    get_assessment_for_user,
    get_organisation_for_user,
    get_region_for_user,
    get_system_for_user,
)
from assessments.models import Assessment, Round
from assessments.services.assessments import round_launch
from frameworks.services import version_import
from tests.frameworks.documents import document, dump

pytestmark = pytest.mark.django_db


@pytest.fixture
def northmoor_assessment(world) -> Assessment:
    framework = version_import(source=dump(document()), filename="t.yaml", publish=True)
    round_ = Round.objects.create(
        name="2026/27",
        framework_version=framework,
        opens_on=dt.date(2026, 5, 1),
        closes_on=dt.date(2026, 9, 30),
        care_settings=["acute"],
    )
    round_launch(round_=round_, by=world.national)
    return Assessment.objects.get(organisation=world.northmoor)


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_it_returns_what_the_user_may_see_whatever_the_case_of_the_code(world):
    sro = _request(world.sro)
    assert get_system_for_user(sro, "qwo") == world.west_yorkshire
    assert get_organisation_for_user(sro, "zt001") == world.northmoor
    assert get_region_for_user(_request(world.analyst), "y63") == world.north


def test_what_the_user_may_not_see_does_not_exist(world):
    sro = _request(world.sro)
    for guard, code in (
        (get_region_for_user, "Y63"),
        (get_system_for_user, "QJK"),
        (get_organisation_for_user, "ZT004"),
        (get_organisation_for_user, "NOSUCH"),
    ):
        with pytest.raises(Http404):
            guard(sro, code)


def test_seeing_is_not_doing(world):
    assert get_organisation_for_user(_request(world.respondent), "ZT001", "edit")
    with pytest.raises(PermissionDenied):
        get_organisation_for_user(_request(world.sro), "ZT001", "edit")
    with pytest.raises(PermissionDenied):
        get_system_for_user(_request(world.board_system), "QWO", "compare")


def test_an_assessment_is_guarded_by_its_organisation(world, northmoor_assessment):
    northmoor = northmoor_assessment.pk
    assert get_assessment_for_user(_request(world.respondent), northmoor, "edit").pk == northmoor
    with pytest.raises(PermissionDenied):
        get_assessment_for_user(_request(world.approver), northmoor, "edit")
    with pytest.raises(Http404):
        get_assessment_for_user(_request(world.other_respondent), northmoor)
    with pytest.raises(Http404):
        get_assessment_for_user(_request(world.national), Assessment.objects.count() + 100)
