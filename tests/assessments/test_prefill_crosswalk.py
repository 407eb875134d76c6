"""Pre-fill follows the crosswalk of the round's version (`replaces`, frameworks/SCHEMA.md):
both parts of a split question get last year's answer, marked; a merged question gets one only
when the questions it merges were answered alike."""

import datetime as dt

import pytest

from assessments.models import Answer, Assessment
from frameworks.models import Question
from tests.factories import FrameworkVersionFactory
from tests.frameworks.documents import document, question

pytestmark = pytest.mark.django_db
SETTINGS = ["acute", "community", "icb"]


def second_version():
    """2.0.0: sf-network split into sf-wired and sf-wireless; wl-strategy and wl-board merged
    into wl-leadership; sf-cyber re-keyed as sf-security; a new question sf-cloud."""
    doc = document("2.0.0")
    well_led, foundations = doc["measures"]
    well_led["questions"] = [question("wl-leadership", replaces=["wl-strategy", "wl-board"])]
    foundations["questions"] = [
        question("sf-wired", replaces=["sf-network"]),
        question("sf-wireless", replaces=["sf-network"]),
        question("sf-security", replaces=["sf-cyber"]),
        question("sf-cloud"),
    ]
    return FrameworkVersionFactory(document=doc, filename="two.yaml")


@pytest.fixture
def last_year(world, launched_round):
    first = FrameworkVersionFactory(version="1.0.0")
    round_ = launched_round(framework_version=first, care_settings=SETTINGS)

    def answered(organisation, **levels):
        assessment = Assessment.objects.get(round=round_, organisation=organisation)
        for key, (level, notes) in levels.items():
            # Written directly: who may answer is not what this tests.
            Answer.objects.create(
                assessment=assessment,
                question=Question.objects.get(version=first, key=key),
                level=level,
                not_applicable=level is None,
                not_applicable_reason=notes if level is None else "",
                notes="" if level is None else notes,
                target_level=4 if level else None,
            )
        return assessment

    return answered


def carried(assessment):
    return {
        a.question.key: (a.level, a.not_applicable, a.notes, a.from_last_year, a.prefilled_from)
        for a in assessment.answers.select_related("question")
    }


def launch_second(world, launched_round, organisation):
    after = launched_round(
        name="2027/28 assessment",
        framework_version=second_version(),
        opens_on=dt.date(2027, 5, 1),
        care_settings=SETTINGS,
    )
    return Assessment.objects.get(round=after, organisation=organisation)


def test_both_parts_of_a_split_get_the_answer_and_a_re_keyed_question_keeps_its_own(
    world, launched_round, last_year
):
    last_year(world.northmoor, **{"sf-network": (3, "Two sites."), "sf-cyber": (2, "")})
    new = launch_second(world, launched_round, world.northmoor)
    assert carried(new) == {
        "sf-wired": (3, False, "Two sites.", True, ["sf-network"]),
        "sf-wireless": (3, False, "Two sites.", True, ["sf-network"]),
        "sf-security": (2, False, "", True, None),
    }


def test_a_merged_question_is_pre_filled_only_when_what_it_merges_agrees(
    world, launched_round, last_year
):
    # wl-board applies to ICBs only: an acute trust never answered it, so nothing to merge.
    last_year(world.northmoor, **{"wl-strategy": (4, "Strategy.")})
    assert carried(launch_second(world, launched_round, world.northmoor)) == {}


@pytest.mark.parametrize(
    "strategy, board, expected",
    [
        ((3, "Strategy."), (3, "Board."), {"wl-leadership": (3, False, "Strategy.\n\nBoard.")}),
        ((3, "Same."), (3, "Same."), {"wl-leadership": (3, False, "Same.")}),
        ((None, "Not ours."), (None, "Not ours."), {"wl-leadership": (None, True, "")}),
        ((3, "Strategy."), (2, "Board."), {}),
        ((3, "Strategy."), (None, "Not ours."), {}),
    ],
)
def test_merged_answers_are_carried_only_when_alike(
    world, launched_round, last_year, strategy, board, expected
):
    icb = world.west_yorkshire_icb
    last_year(icb, **{"wl-strategy": strategy, "wl-board": board})
    new = launch_second(world, launched_round, icb)
    merged = {key: value[:3] for key, value in carried(new).items()}
    assert merged == expected
    if expected:
        answer = new.answers.get()
        assert (answer.from_last_year, answer.prefilled_from) == (True, ["wl-strategy", "wl-board"])
        assert answer.target_level == (4 if strategy[0] else None)
        if strategy[0] is None:
            assert answer.not_applicable_reason == "Not ours."


def test_the_page_asks_to_check_each_part_of_a_split_question(
    client, world, launched_round, last_year
):
    last_year(world.northmoor, **{"sf-network": (3, "Two sites."), "sf-cyber": (2, "")})
    new = launch_second(world, launched_round, world.northmoor)
    client.force_login(world.respondent)
    page = client.get(f"/assessments/{new.pk}/measures/foundations/").content.decode()
    assert page.count("From last year: this was one question, check it.") == 2
    # The re-keyed question is the same question: the usual words.
    assert page.count("From last year: confirm or change.") == 1
