"""Transformation plans through the API, read: those who may read a system's plan see it, board
readers its agreed versions only, outsiders nothing; a version's targets and actions in the
plan's order."""

import pytest

from reports.plans.services import action_decide, plan_agree, plan_start
from tests.reports import plans_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return plans_world.build()


@pytest.fixture
def draft(world):
    return plan_start(subject=world.system, round_=world.round, by=world.sro)


def test_an_sro_reads_the_draft_with_its_targets_and_actions(world, draft, as_user):
    client = as_user(world.sro, "read")
    plans = client.get("/api/v1/plans/").json()["results"]
    assert [(p["id"], p["system"], p["round"]) for p in plans] == [
        (draft.plan.pk, "QRV", world.round.pk)
    ]
    assert [(v["number"], v["status"]) for v in plans[0]["versions"]] == [(1, "draft")]
    version = client.get(f"/api/v1/plans/{draft.plan.pk}/versions/1/").json()
    assert [t["measure_key"] for t in version["targets"]] == ["data", "people", "care"]
    people = next(t for t in version["targets"] if t["measure_key"] == "people")
    assert (people["current"], people["proposed"]) == ("2.50000000", "3.0")
    assert [a["number"] for a in version["actions"]] == list(range(1, len(version["actions"]) + 1))
    assert version["undecided"] == len(version["actions"]) > 0


def test_board_readers_read_agreed_versions_only(world, draft, as_user):
    board = as_user(world.board, "read")
    listed = board.get("/api/v1/plans/").json()["results"]
    assert listed[0]["versions"] == []
    assert board.get(f"/api/v1/plans/{draft.plan.pk}/versions/1/").status_code == 404
    for action in draft.planactions.all():
        action_decide(action=action, decision="accepted", by=world.sro)
    plan_agree(version=draft, by=world.sro)
    agreed = board.get(f"/api/v1/plans/{draft.plan.pk}/versions/1/").json()
    assert agreed["status"] == "agreed" and agreed["agreed_by"] == "Sam Rowe"
    assert agreed["undecided"] == 0


@pytest.mark.parametrize("persona", ["other_sro", "outsider", "respondent"])
def test_outsiders_see_no_plan(world, draft, as_user, persona):
    client = as_user(getattr(world, persona), "read")
    assert client.get("/api/v1/plans/").json()["results"] == []
    assert client.get(f"/api/v1/plans/{draft.plan.pk}/").status_code == 404
    assert client.get(f"/api/v1/plans/{draft.plan.pk}/versions/1/").status_code == 404


def test_an_unknown_version_is_a_404(world, draft, as_user):
    client = as_user(world.sro, "read")
    assert client.get(f"/api/v1/plans/{draft.plan.pk}/versions/9/").status_code == 404
