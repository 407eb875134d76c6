"""Assessments follow their organisation's rules in the one access policy."""

import datetime as dt

import pytest

from assessments import access
from assessments.models import Assessment, Round
from assessments.services.assessments import round_launch
from frameworks.services import version_import
from tests.frameworks.documents import document, dump

pytestmark = pytest.mark.django_db

PEOPLE = [
    "respondent",
    "approver",
    "board_org",
    "board_system",
    "sro",
    "analyst",
    "national",
    "other_respondent",
    "other_sro",
    "other_analyst",
    "nobody",
]


@pytest.fixture
def assessments(world):
    framework = version_import(source=dump(document()), filename="t.yaml", publish=True)
    round_ = Round.objects.create(
        name="2026/27",
        framework_version=framework,
        opens_on=dt.date(2026, 5, 1),
        closes_on=dt.date(2026, 9, 30),
        care_settings=["acute", "community", "mental_health"],
    )
    round_launch(round_=round_, by=world.national)
    return {a.organisation.ods_code: a for a in Assessment.objects.select_related("organisation")}


@pytest.mark.parametrize("action", access.ACTIONS)
def test_an_assessment_answers_as_its_organisation_does(world, assessments, action):
    for name in PEOPLE:
        user = getattr(world, name)
        visible = set(access.restrict_assessments(user, action, Assessment.objects.all()))
        for assessment in assessments.values():
            expected = access.may(user, action, assessment.organisation)
            assert access.may(user, action, assessment) is expected, (name, action, assessment)
            assert (assessment in visible) is expected, (name, action, assessment)


def test_who_may_do_what_to_northmoors_assessment(world, assessments):
    northmoor = assessments["ZT001"]
    allowed = {
        action: sorted(n for n in PEOPLE if access.may(getattr(world, n), action, northmoor))
        for action in ("view", "edit", "approve")
    }
    assert allowed == {
        "view": ["analyst", "approver", "board_org", "national", "respondent", "sro"],
        "edit": ["respondent"],
        "approve": ["approver"],
    }
    assert [n for n in PEOPLE if access.may_reopen(getattr(world, n), northmoor)] == ["national"]
    assert list(access.visible(world.other_respondent, Assessment.objects.all())) == [
        assessments["ZT004"]
    ]
