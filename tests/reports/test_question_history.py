"""An organisation's question history follows the crosswalks between framework versions: a
re-keyed question is one line, each part of a split continues from the one question it was, a
merged question continues from the mean of the questions it merges. Values exact."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    Assessment,
    Organisation,
    Region,
    Role,
    Round,
    Score,
    System,
    SystemMembership,
)
from frameworks.services import version_import
from reports.history import question_history
from tests.factories import PASSWORD, PersonaFactory
from tests.frameworks.documents import document, dump, question

pytestmark = pytest.mark.django_db
START = dt.date(2022, 7, 1)


def second_document(version="2.0.0"):
    """sf-network split into sf-wired and sf-wireless; wl-strategy and wl-board merged into
    wl-leadership; sf-cyber re-keyed as sf-security; sf-cloud new."""
    doc = document(version)
    well_led, foundations = doc["measures"]
    well_led["themes"] = []
    well_led["questions"] = [question("wl-leadership", replaces=["wl-strategy", "wl-board"])]
    foundations["questions"] = [
        question("sf-wired", replaces=["sf-network"]),
        question("sf-wireless", replaces=["sf-network"]),
        question("sf-security", replaces=["sf-cyber"]),
        question("sf-cloud"),
    ]
    return doc


def make_place():
    region = Region.objects.create(ods_code="Y63", name="North East and Yorkshire")
    system = System.objects.create(
        ods_code="QWO", name="West Yorkshire", region=region, valid_from=START
    )
    icb = Organisation.objects.create(ods_code="QWO01", name="WY ICB", care_setting="icb")
    SystemMembership.objects.create(organisation=icb, system=system, is_host=True, valid_from=START)
    return system, icb


@pytest.fixture
def place():
    return make_place()


def round_on(version, name, opens):
    return Round.objects.create(
        name=name,
        framework_version=version,
        opens_on=opens,
        closes_on=opens + dt.timedelta(days=150),
        care_settings=["icb"],
        launched_at=timezone.now(),
    )


def approved(round_, organisation, **levels):
    """An approved assessment with frozen question scores (None: not applicable)."""
    assessment = Assessment.objects.create(
        round=round_,
        organisation=organisation,
        framework_version=round_.framework_version,
        care_setting=organisation.care_setting,
        status="submitted",
        decided_at=timezone.now(),
        overall_score=Decimal(3),
    )
    Score.objects.create(assessment=assessment, kind="overall", key="", score=Decimal(3))
    for key, level in levels.items():
        score = None if level is None else Decimal(level)
        Score.objects.create(assessment=assessment, kind="question", key=key, score=score)
    assessment.status = "approved"
    assessment.save(update_fields=["status"])
    return assessment


def rows(history):
    return {row.key: row for section in history.sections for row in section.rows}


@pytest.fixture
def two_rounds(place):
    _, icb = place
    one = version_import(source=dump(document("1.0.0")), filename="1.yaml", publish=True)
    two = version_import(source=dump(second_document()), filename="2.yaml", publish=True)
    first = approved(
        round_on(one, "2025/26 assessment", dt.date(2025, 5, 1)),
        icb,
        **{"wl-strategy": 2, "wl-board": 5, "sf-network": 3, "sf-cyber": 1},
    )
    second = approved(
        round_on(two, "2026/27 assessment", dt.date(2026, 5, 1)),
        icb,
        **{"wl-leadership": 4, "sf-wired": 4, "sf-wireless": 2, "sf-security": 3, "sf-cloud": 1},
    )
    return first, second


def test_re_keyed_split_and_merged_questions_continue_their_lines_exactly(two_rounds):
    _, second = two_rounds
    history = question_history(second)
    assert history.rounds == ["2025/26 assessment", "2026/27 assessment"]
    assert [s.key for s in history.sections] == ["well-led", "foundations"]
    found = rows(history)
    assert list(found) == ["wl-leadership", "sf-wired", "sf-wireless", "sf-security", "sf-cloud"]
    values = {key: row.values for key, row in found.items()}
    assert values == {
        "wl-leadership": [Fraction(7, 2), Decimal(4)],  # merged: the mean of 2 and 5
        "sf-wired": [Decimal(3), Decimal(4)],  # split: both parts from sf-network's 3
        "sf-wireless": [Decimal(3), Decimal(2)],
        "sf-security": [Decimal(1), Decimal(3)],  # re-keyed: sf-cyber's 1
        "sf-cloud": [None, Decimal(1)],  # new: no earlier score
    }
    assert found["sf-security"].notes == [
        "2025/26 assessment: the same question under the key sf-cyber."
    ]
    assert found["sf-wired"].notes == [
        "2025/26 assessment: the score of “How mature is sf-network?” (sf-network), which was "
        "split into this and other questions."
    ]
    assert found["wl-leadership"].notes == [
        "2025/26 assessment: the mean of the scores of the 2 questions merged into this one: "
        "“How mature is wl-strategy?” (wl-strategy), “How mature is wl-board?” (wl-board)."
    ]
    assert found["sf-cloud"].notes == ["2025/26 assessment: not asked (a new question)."]
    assert history.moved


def test_a_merged_question_leaves_a_not_applicable_part_out_of_its_mean(place):
    _, icb = place
    one = version_import(source=dump(document("1.0.0")), filename="1.yaml", publish=True)
    two = version_import(source=dump(second_document()), filename="2.yaml", publish=True)
    approved(
        round_on(one, "2025/26 assessment", dt.date(2025, 5, 1)),
        icb,
        **{"wl-strategy": None, "wl-board": 4, "sf-network": None},
    )
    second = approved(round_on(two, "2026/27 assessment", dt.date(2026, 5, 1)), icb)
    found = rows(question_history(second))
    assert found["wl-leadership"].values == [Fraction(4), None]
    assert found["sf-wired"].values == [None, None]


def test_the_crosswalks_of_versions_in_between_are_followed(place):
    """Rounds on 1.0.0 and 3.0.0 only: 3.0.0 re-keys 2.0.0's sf-wired as sf-cable."""
    _, icb = place
    one = version_import(source=dump(document("1.0.0")), filename="1.yaml", publish=True)
    version_import(source=dump(second_document()), filename="2.yaml", publish=True)
    third = second_document("3.0.0")
    for q in third["measures"][0]["questions"] + third["measures"][1]["questions"]:
        q["replaces"] = []
    third["measures"][1]["questions"][0] = question("sf-cable", replaces=["sf-wired"])
    three = version_import(source=dump(third), filename="3.yaml", publish=True)
    assert three.based_on.version == "2.0.0"
    approved(
        round_on(one, "2024/25 assessment", dt.date(2024, 5, 1)),
        icb,
        **{"wl-strategy": 1, "wl-board": 4, "sf-network": 2, "sf-cyber": 5},
    )
    last = approved(
        round_on(three, "2026/27 assessment", dt.date(2026, 5, 1)),
        icb,
        **{"sf-cable": 3, "sf-wireless": 1, "wl-leadership": 2, "sf-security": 4},
    )
    found = rows(question_history(last))
    assert found["sf-cable"].values == [Decimal(2), Decimal(3)]
    assert found["sf-wireless"].values == [Decimal(2), Decimal(1)]
    assert found["wl-leadership"].values == [Fraction(5, 2), Decimal(2)]
    assert found["sf-security"].values == [Decimal(5), Decimal(4)]


def test_one_round_has_no_history_and_other_frameworks_rounds_are_left_out(place, two_rounds):
    first, second = two_rounds
    system, _ = place
    # The organisation's history, whichever of its rounds the page is for.
    assert question_history(first).rounds == question_history(second).rounds
    alone = Organisation.objects.create(ods_code="QWO02", name="Alone", care_setting="icb")
    SystemMembership.objects.create(
        organisation=alone, system=system, is_host=True, valid_from=START
    )
    assert question_history(approved(first.round, alone, **{"wl-board": 2})) is None
    other = document("1.0.0")
    other["framework"]["key"] = "other"
    other["framework"]["name"] = "Another framework"
    version = version_import(source=dump(other), filename="o.yaml", publish=True)
    approved(round_on(version, "Other 2027", dt.date(2027, 5, 1)), first.organisation, **{})
    assert question_history(second).rounds == ["2025/26 assessment", "2026/27 assessment"]


def test_the_position_page_shows_each_question_across_rounds(client, place, two_rounds):
    system, _ = place
    _, second = two_rounds
    client.force_login(PersonaFactory(username="wy", password=PASSWORD, role=Role.SRO, at=system))
    html = client.get(reverse("reports:organisation_position", args=[second.pk])).content.decode()
    assert '<h2 id="questions">Each question across rounds</h2>' in html
    assert "success measure by success measure" in html
    assert "the mean of the scores of the questions it merges" in html
    leadership = html.split("How mature is wl-leadership?")[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in leadership.split('--numeric">')[1:]]
    assert cells == ["3.5", "4.0"]
    cloud = html.split("How mature is sf-cloud?")[1].split("</tr>")[0]
    assert [c.split("</td>")[0] for c in cloud.split('--numeric">')[1:]] == ["-", "1.0"]
