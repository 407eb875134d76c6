"""The system dashboard's targets, its questions most often weak, and its trend across the two
shipped WGLL framework versions, each against values worked out by hand."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import Answer, Assessment, Round, Score
from frameworks.models import Question
from frameworks.services import SHIPPED_DIR, version_import
from reports.presenters.common import choose_round
from reports.presenters.system import WEAK_SMALL, dashboard
from reports.presenters.trends import system_trend
from reports.presenters.viewer import viewer_for

from . import pages_world, small_world

pytestmark = pytest.mark.django_db

# Targets recorded in West Yorkshire's approved providers' assessments, by organisation:
# {question: target level}; sf-network weighs 1 and sf-cyber 0.5 in "Ensure smart foundations".
TARGETS = {
    "A1": {"sf-network": 3, "sf-cyber": 4, "wl-strategy": 3},  # foundations (3 + 2) / 1.5
    "A2": {"sf-network": 4, "wl-strategy": 4},
    "G1": {"sf-cyber": 2},
    "G2": {"wl-strategy": 2},
    "G3": {"wl-strategy": 5},
    "AMB": {"wl-strategy": 1},
}
NOT_APPLICABLE_TARGET = ("G4", "sf-network", 5)  # a target on a not-applicable answer: ignored
# Frozen question levels (besides the small world's "q" at 3 for everyone).
LEVELS = {
    "sf-network": {"A1": 1, "A2": 2, "M1": 2, "G1": 4, "G2": 5},  # 3 of 5 weak, mean 2.8
    "sf-cyber": {"A1": 2, "G3": 3},  # 1 of 2 weak: too few for a board reader
}


def _record(world):
    questions = {q.key: q for q in Question.objects.filter(version=world.round.framework_version)}
    by_code = {o.name: o for o in world.organisations.values()}
    assessments = {
        a.organisation.name: a
        for a in Assessment.objects.filter(round=world.round).select_related("organisation")
    }
    touched = {*TARGETS, NOT_APPLICABLE_TARGET[0], *(c for v in LEVELS.values() for c in v)}
    # Reopening changes the status first: the database then lets the answers change.
    Assessment.objects.filter(pk__in=[assessments[c].pk for c in touched]).update(
        status="submitted"
    )
    for code, targets in TARGETS.items():
        for key, target in targets.items():
            Answer.objects.create(
                assessment=assessments[code], question=questions[key], level=2, target_level=target
            )
    code, key, target = NOT_APPLICABLE_TARGET
    Answer.objects.create(
        assessment=assessments[code],
        question=questions[key],
        not_applicable=True,
        not_applicable_reason="Not ours.",
        target_level=target,
    )
    for key, levels in LEVELS.items():
        for code, level in levels.items():
            Score.objects.create(
                assessment=assessments[code], kind="question", key=key, score=Decimal(level)
            )
    Assessment.objects.filter(pk__in=[assessments[c].pk for c in touched]).update(
        status="approved", decided_at=timezone.now()
    )
    assert by_code  # the organisations are named by their codes


@pytest.fixture
def world():
    world = pages_world.build()
    _record(world)
    return world


def _board(world, who):
    viewer = viewer_for(world.users[who])
    return dashboard(world.systems["QWO"], viewer, choose_round(str(world.round.pk)))


def test_the_sro_sees_the_systems_targets_worked_out_by_hand(world):
    board = _board(world, "sro")
    targets = {row.key: row.target for row in board.rows}
    # foundations: mean of A1 10/3, A2 4, G1 2 = 28/9 = 3.11; well led: mean of 3, 4, 2, 5, 1
    assert targets["foundations"] == "3.1"
    assert targets["well-led"] == "3.0"
    assert targets[""] == ""  # no target for the overall score
    assert board.targets_shown


def test_a_board_reader_sees_only_targets_set_by_enough_organisations(world):
    targets = {row.key: row.target for row in _board(world, "board").rows}
    assert targets["well-led"] == "3.0"  # five organisations
    assert targets["foundations"] == ""  # three: it could reveal one organisation's target


def test_the_questions_most_often_weak_for_the_sro(world):
    board = _board(world, "sro")
    assert [(q.key, q.n, q.weak, q.share, str(q.mean)) for q in board.weak] == [
        ("sf-network", 5, 3, "60%", "14/5"),
        ("sf-cyber", 2, 1, "50%", "5/2"),
    ]  # "q" is at level 3 everywhere: never weak, not listed
    assert board.weak_note == ""


def test_a_board_reader_is_not_shown_questions_answered_by_too_few(world):
    board = _board(world, "board")
    assert [q.key for q in board.weak] == ["sf-network"]
    assert board.weak_note == WEAK_SMALL.format(n=5)


def test_the_page_prints_targets_and_weak_questions(client, world):
    client.force_login(world.users["sro"])
    page = client.get("/results/systems/QWO/").content.decode()
    assert '<th scope="col" class="nhsuk-table__header">Target</th>' in page
    assert '<td class="nhsuk-table__cell">3.1</td>' in page
    assert "60% (3 of 5)" in page and "50% (1 of 2)" in page


def test_the_trend_across_the_two_shipped_framework_versions_says_what_changed():
    round_, _, _, systems, organisations = small_world.build()
    first, second = (
        version_import(
            source=(SHIPPED_DIR / f"wgll-{v}.yaml").read_text(), filename=f"{v}", publish=True
        )
        for v in ("1.0.0", "2.0.0")
    )
    rounds = []
    for name, version, opens in (
        ("2023/24 WGLL", first, dt.date(2023, 5, 1)),
        ("2024/25 WGLL", second, dt.date(2024, 5, 1)),
    ):
        wgll_round = Round.objects.create(
            name=name,
            framework_version=version,
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=150),
            care_settings=round_.care_settings,
            launched_at=timezone.now(),
        )
        for code, *_, status, overall in small_world.ORGANISATIONS:
            if overall is not None:
                small_world.freeze(wgll_round, organisations[code], status, overall)
        rounds.append(wgll_round)
    sro = pages_world.PersonaFactory(role="sro", at=systems["QWO"])
    trend = system_trend(systems["QWO"], viewer_for(sro), rounds)
    assert trend.changes == [
        "Support people (2023/24 WGLL) is called Support workforce from 2024/25 WGLL: the same "
        "success measure (the same stable key), relabelled.",
        "Empower citizens (2023/24 WGLL) is called Empower people from 2024/25 WGLL: the same "
        "success measure (the same stable key), relabelled.",
        "2024/25 WGLL answered framework version 2.0.0, the round before version 1.0.0: "
        "success measures are compared by their stable keys.",
    ]
    # The seven measures are compared by key, with the later version's labels.
    labels = [row[0] for row in trend.measures.table.rows]
    assert "Support workforce" in labels and "Empower people" in labels
    assert len(labels) == 8  # seven measures and the overall score
    # The frozen overall scores are the same in both rounds: the line is flat at 2.6.
    overall = trend.overall.table.rows[0]
    assert overall == ["This system", "2.6", "2.6"]
