"""Pre-fill comes from the organisation's latest earlier round of the *same* framework."""

import datetime as dt

import pytest

from assessments.models import Assessment
from assessments.services import answer_save
from frameworks.models import Question
from tests.factories import FrameworkVersionFactory
from tests.frameworks.documents import document

pytestmark = pytest.mark.django_db


def test_a_round_of_another_framework_in_between_does_not_stop_pre_fill(world, launched_round):
    wgll_1 = FrameworkVersionFactory(version="1.0.0")
    first = launched_round(framework_version=wgll_1)
    northmoor = Assessment.objects.get(round=first, organisation=world.northmoor)
    answer_save(
        assessment=northmoor,
        question=Question.objects.get(version=wgll_1, key="wl-strategy"),
        by=world.respondent,
        expected_revision=0,
        level=4,
        notes="Board approved the strategy.",
    )

    other_doc = document("1.0.0")
    other_doc["framework"] = {"key": "otherfw", "name": "Another framework"}
    other = FrameworkVersionFactory(document=other_doc, filename="other.yaml")
    between = launched_round(
        name="Another framework 2026", framework_version=other, opens_on=dt.date(2027, 1, 1)
    )
    assert not Assessment.objects.get(round=between, organisation=world.northmoor).answers.exists()

    wgll_2 = FrameworkVersionFactory(version="2.0.0")
    after = launched_round(
        name="2027/28 assessment", framework_version=wgll_2, opens_on=dt.date(2027, 5, 1)
    )
    new = Assessment.objects.get(round=after, organisation=world.northmoor)
    carried = [
        (a.question.key, a.level, a.notes, a.from_last_year)
        for a in new.answers.select_related("question")
    ]
    assert carried == [("wl-strategy", 4, "Board approved the strategy.", True)]
