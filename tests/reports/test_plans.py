"""Editing, agreeing and versioning plans; their history; who may do what; every bad input."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from reports.plans.models import AgreedPlanError, PlanAction, PlanEvent, PlanTarget, PlanVersion
from reports.plans.selectors import plan_view
from reports.plans.services import (
    PlanConflict,
    PlanError,
    PlanNotAllowed,
    action_add,
    action_decide,
    action_update,
    plan_agree,
    plan_new_draft,
    plan_start,
    targets_set,
)

from . import plans_world

pytestmark = pytest.mark.django_db
BASE = "/results/systems/QRV/plans/"


@pytest.fixture
def world():
    return plans_world.build()


@pytest.fixture
def draft(world):
    return plan_start(subject=world.system, round_=world.round, by=world.sro)


def decide_all(version, by, decision="accepted"):
    for action in version.planactions.all():
        action_decide(action=action, decision=decision, by=by)


def test_editing_a_draft_records_every_change(world, draft):
    assert targets_set(version=draft, targets={"care": "2.5", "data": "3.5"}, by=world.sro) == 1
    first = draft.planactions.order_by("position").first()
    action_decide(action=first, decision="dropped", by=world.sro)
    action_update(
        action=first, owner="Chief Nursing Information Officer", status="in_progress", by=world.sro
    )
    own = action_add(
        version=draft,
        measure_key="people",
        title="Train every ward manager",
        owner="Birch NHS Trust",
        due_on=dt.date(2027, 3, 31),
        by=world.sro,
    )
    assert own.decision == "accepted" and own.origin == "own"
    events = list(
        draft.plan.events.order_by("pk").values_list("action", "subject", "before", "after")
    )
    assert events[0][0] == "started"
    assert events[1] == ("target", "Care", {"target": "2.0"}, {"target": "2.5"})
    assert events[2][:2] == ("dropped", first.title)
    assert events[3][3] == {"owner": "Chief Nursing Information Officer", "status": "in_progress"}
    assert events[4][:2] == ("action_added", "Train every ward manager")
    with pytest.raises(Exception, match="cannot be changed"):
        PlanEvent.objects.update(comment="x")


def test_agreeing_keeps_the_version_and_later_edits_make_a_new_draft(world, draft):
    with pytest.raises(PlanConflict, match="4 proposed actions are neither accepted nor dropped"):
        plan_agree(version=draft, by=world.sro)
    decide_all(draft, world.sro, "dropped")
    with pytest.raises(PlanConflict, match="no accepted action"):
        plan_agree(version=draft, by=world.sro)
    action_decide(action=draft.planactions.first(), decision="accepted", by=world.sro)
    agreed = plan_agree(version=draft, by=world.sro, comment="Board, 3 June")
    assert (agreed.status, agreed.agreed_by, agreed.number) == ("agreed", world.sro, 1)
    assert agreed.agreed_at is not None
    with pytest.raises(AgreedPlanError):
        targets_set(version=agreed, targets={"care": "4"}, by=world.sro)
    with pytest.raises(AgreedPlanError):
        PlanTarget.objects.filter(version=agreed).update(target=Decimal(4))
    with pytest.raises(AgreedPlanError):
        agreed.save()

    second = plan_new_draft(plan=agreed.plan, by=world.sro)
    assert (second.number, second.based_on, second.status) == (2, agreed, "draft")
    with pytest.raises(PlanConflict, match="already has a draft"):
        plan_new_draft(plan=agreed.plan, by=world.sro)
    targets_set(version=second, targets={"care": "4"}, by=world.sro)
    assert PlanTarget.objects.get(version=agreed, measure_key="care").target == Decimal("2")
    assert PlanTarget.objects.get(version=second, measure_key="care").target == Decimal("4")
    assert len(plan_view(second).actions) == len(plan_view(agreed).actions) == 1
    assert list(agreed.plan.events.order_by("pk").values_list("action", flat=True))[-3:] == [
        "agreed",
        "new_draft",
        "target",
    ]


def test_the_database_refuses_to_change_an_agreed_version(world, draft):
    decide_all(draft, world.sro)
    agreed = plan_agree(version=draft, by=world.sro)
    action = agreed.planactions.first()
    for sql, params in (
        ("UPDATE reports_planaction SET owner = 'x' WHERE id = %s", [action.pk]),
        ("UPDATE reports_plantarget SET target = 1 WHERE version_id = %s", [agreed.pk]),
        ("UPDATE reports_planversion SET status = 'draft' WHERE id = %s", [agreed.pk]),
        ("UPDATE reports_planevent SET comment = 'x' WHERE plan_id = %s", [agreed.plan_id]),
    ):
        with pytest.raises(DatabaseError, match="never change"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, params)


@pytest.mark.parametrize("who", ["board", "analyst", "respondent", "approver", "other_sro"])
def test_only_the_sro_and_national_administrators_change_a_system_plan(world, draft, who):
    with pytest.raises(PlanNotAllowed):
        targets_set(version=draft, targets={"care": "3"}, by=getattr(world, who))
    with pytest.raises(PlanNotAllowed):
        plan_agree(version=draft, by=getattr(world, who))
    targets_set(version=draft, targets={"care": "3"}, by=world.national)


def test_an_organisation_plan_is_edited_by_its_people_and_agreed_by_its_approver(world):
    organisation = world.orgs["RAL"]
    version = plan_start(subject=organisation, round_=world.round, by=world.respondent)
    targets_set(version=version, targets={"care": "3"}, by=world.respondent)
    decide_all(version, world.respondent)
    with pytest.raises(PlanNotAllowed):
        plan_agree(version=version, by=world.respondent)
    with pytest.raises(PlanNotAllowed):
        targets_set(version=version, targets={"care": "3"}, by=world.sro)
    assert plan_agree(version=version, by=world.approver).status == "agreed"


@pytest.mark.parametrize(
    "value, message",
    [
        ("abc", "Enter the target as a number from 1 to 5, like 3.5, not “abc”."),
        ("6", "A target is a level from 1 to 5, not 6."),
        ("0.5", "A target is a level from 1 to 5, not 0.5."),
        ("3.25", "A target has at most one decimal place, like 3.5, not 3.25."),
        ("NaN", "A target is a level from 1 to 5, not NaN."),
    ],
)
def test_bad_targets_are_refused_and_nothing_is_written(world, draft, value, message):
    with pytest.raises(PlanError) as caught:
        targets_set(version=draft, targets={"data": "4", "care": value}, by=world.sro)
    assert caught.value.message == message
    assert PlanTarget.objects.get(version=draft, measure_key="data").target == Decimal("3.5")


def _client(client, user):
    client.force_login(user)
    return client


def test_pages_refuse_outsiders_and_board_readers_read_only_agreed_versions(world, draft, client):
    url = f"{BASE}{world.round.pk}/"
    assert _client(client, world.outsider).get(url).status_code == 404
    client.logout()
    assert _client(client, world.other_sro).get(url).status_code == 404
    client.logout()
    board = _client(client, world.board)
    assert board.get(url).status_code == 404  # only a draft so far
    assert board.get(f"{url}targets/").status_code == 404
    decide_all(draft, world.sro)
    plan_agree(version=draft, by=world.sro)
    plan_new_draft(plan=draft.plan, by=world.sro)
    page = board.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Agreed" in text and "Version 1" in text and "Version 2" not in text
    assert board.get(f"{url}?version=2").status_code == 404
    assert board.get(f"{url}targets/").status_code == 403
    assert board.post(f"{url}agree/").status_code == 403
    assert board.post(f"{url}new-draft/").status_code == 403
    client.logout()
    analyst = _client(client, world.analyst)
    assert "Version 2" in analyst.get(url).content.decode()
    assert analyst.get(f"{url}targets/").status_code == 403


def test_every_form_shows_each_bad_input_and_writes_nothing(world, draft, client):
    sro = _client(client, world.sro)
    url = f"{BASE}{world.round.pk}/"
    before = PlanEvent.objects.count()
    page = sro.post(
        f"{url}targets/", {"target-data": "7", "target-people": "x", "target-care": "2"}
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "There is a problem" in text
    assert "Data: A target is a level from 1 to 5, not 7." in text
    assert 'href="#target-people"' in text
    page = sro.post(
        f"{url}actions/new/",
        {"title": "", "measure": "nope", "status": "maybe", "due[day]": "31", "due[month]": "2"},
    )
    assert page.status_code == 400
    text = page.content.decode()
    for message in (
        "Enter what the action is.",
        "Choose the success measure the action is for.",
        "Choose the action&#39;s status.",
        "The due date must include a day, month and year, or be left empty.",
    ):
        assert message in text
    proposed = draft.planactions.first()
    page = sro.post(
        f"{url}actions/{proposed.pk}/",
        {
            "title": "x" * 301,
            "status": "done",
            "due[day]": "31",
            "due[month]": "2",
            "due[year]": "2027",
        },
    )
    text = page.content.decode()
    assert "Choose whether to accept or drop this proposed action." in text
    assert "The due date must be a real date" in text
    assert "300 characters or fewer" in text
    page = sro.post(f"{url}agree/", {})
    assert "Confirm that this is the plan you agree." in page.content.decode()
    page = sro.post(f"{url}agree/", {"confirm": "yes"})
    assert "4 proposed actions are neither accepted nor dropped" in page.content.decode()
    assert PlanEvent.objects.count() == before
    assert PlanVersion.objects.agreed().count() == 0


def test_the_sro_edits_and_agrees_through_the_pages(world, draft, client):
    sro = _client(client, world.sro)
    url = f"{BASE}{world.round.pk}/"
    assert (
        sro.post(
            f"{url}targets/", {"target-data": "4", "target-people": "3", "target-care": ""}
        ).status_code
        == 302
    )
    assert PlanTarget.objects.get(version=draft, measure_key="care").target is None
    for action in draft.planactions.all():
        sro.post(f"{url}actions/{action.pk}/decide/", {"decision": "accepted"})
    first = draft.planactions.order_by("position").first()
    response = sro.post(
        f"{url}actions/{first.pk}/",
        {
            "decision": "accepted",
            "title": first.title,
            "owner": "Dr Ada Byte",
            "status": "blocked",
            "due[day]": "1",
            "due[month]": "4",
            "due[year]": "2027",
            "notes": "Waiting for funding",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.owner, first.status, first.due_on) == (
        "Dr Ada Byte",
        "blocked",
        dt.date(2027, 4, 1),
    )
    assert sro.post(f"{url}agree/", {"confirm": "yes"}).status_code == 302
    assert PlanVersion.objects.get(pk=draft.pk).status == "agreed"
    assert "Start a new draft" in sro.get(url).content.decode()
    assert PlanAction.objects.filter(version=draft, decision="accepted").count() == 4
