"""Assigning several sections at once: one service, all or nothing, each change audited."""

import datetime as dt

import pytest

from assessments.models import Assessment, Assignment, AuditEvent, Round
from assessments.services import AssessmentError, round_launch, section_assign, sections_assign
from frameworks.models import Measure
from frameworks.services import version_import
from tests.frameworks.documents import document, dump

pytestmark = pytest.mark.django_db


@pytest.fixture
def northmoor(world):
    framework = version_import(source=dump(document("1.0.0")), filename="t.yaml", publish=True)
    round_ = Round.objects.create(
        name="2026/27 assessment",
        framework_version=framework,
        opens_on=dt.date(2026, 5, 1),
        closes_on=dt.date(2026, 9, 30),
        care_settings=["acute"],
    )
    round_launch(round_=round_, by=world.national)
    return Assessment.objects.get(round=round_, organisation=world.northmoor)


def _measures(assessment):
    return {m.key: m for m in Measure.objects.filter(version=assessment.framework_version)}


def _assigned(assessment):
    return dict(
        Assignment.objects.filter(assessment=assessment).values_list(
            "measure__key", "assignee__username"
        )
    )


def test_it_assigns_and_unassigns_several_sections_each_audited(world, northmoor):
    measures = _measures(northmoor)
    section_assign(
        assessment=northmoor,
        measure=measures["foundations"],
        assignee=world.respondent,
        by=world.respondent,
    )
    changed = sections_assign(
        assessment=northmoor,
        assignees={measures["well-led"]: world.respondent, measures["foundations"]: None},
        by=world.respondent,
    )
    assert changed == 2
    assert _assigned(northmoor) == {"well-led": "respondent"}
    assert list(
        AuditEvent.objects.filter(assessment=northmoor, action__in=["assigned", "unassigned"])
        .order_by("pk")
        .values_list("action", "measure_key")
    ) == [("assigned", "foundations"), ("assigned", "well-led"), ("unassigned", "foundations")]


def test_it_leaves_unchanged_sections_alone(world, northmoor):
    measures = _measures(northmoor)
    sections_assign(
        assessment=northmoor,
        assignees={measures["well-led"]: world.respondent},
        by=world.respondent,
    )
    assert (
        sections_assign(
            assessment=northmoor,
            assignees={measures["well-led"]: world.respondent},
            by=world.respondent,
        )
        == 0
    )
    assert AuditEvent.objects.filter(assessment=northmoor, action="assigned").count() == 1


def test_it_assigns_all_or_nothing(world, northmoor):
    measures = _measures(northmoor)
    with pytest.raises(AssessmentError, match="cannot answer Northmoor"):
        sections_assign(
            assessment=northmoor,
            assignees={
                measures["well-led"]: world.respondent,
                measures["foundations"]: world.other_respondent,
            },
            by=world.respondent,
        )
    assert _assigned(northmoor) == {}
    assert not AuditEvent.objects.filter(assessment=northmoor, action="assigned").exists()


def test_a_section_of_another_version_is_refused_in_the_frameworks_own_word(world, northmoor):
    other = version_import(source=dump(document("1.1.0")), filename="t.yaml", publish=True)
    stranger = Measure.objects.filter(version=other).first()
    word = northmoor.framework_version.section_word
    with pytest.raises(AssessmentError, match=f"This {word} is not part of this assessment"):
        section_assign(assessment=northmoor, measure=stranger, assignee=None, by=world.respondent)
    assert not AuditEvent.objects.filter(assessment=northmoor, action="assigned").exists()
