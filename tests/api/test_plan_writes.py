"""Transformation plans written through the API: each write goes through the plan services, so
the same rules (who may, agreed versions never change) and the same history as the pages; a
read-only token writes nothing, a token limited elsewhere sees nothing, bad input is a problem
with field errors and nothing written. By hand, from plans_world (measures data, people, care;
proposed actions for d2, d1, p1, c1)."""

import datetime as dt

import pytest

from assessments.models import Assessment
from assessments.services import assessment_reopen
from reports.plans.models import Plan, PlanAction, PlanEvent, PlanTarget, PlanVersion
from reports.plans.services import action_add, action_decide, plan_agree, plan_new_draft, plan_start
from tests.reports import plans_world

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


@pytest.fixture
def world():
    return plans_world.build()


@pytest.fixture
def draft(world):
    return plan_start(subject=world.system, round_=world.round, by=world.sro)


def agree_all(world, version):
    for found in version.planactions.all():
        action_decide(action=found, decision="accepted", by=world.sro)
    return plan_agree(version=version, by=world.sro)


def url(plan, tail=""):
    return f"/api/v1/plans/{plan.pk}/{tail}"


def proposed(version, key="d2"):
    return version.planactions.get(question_key=key)


def history(plan):
    return list(PlanEvent.objects.filter(plan=plan).order_by("pk"))


def writes(world, draft):
    """Every write: (method, path, body), for the access tests."""
    plan, action = draft.plan, proposed(draft)
    return [
        ("put", url(plan, "targets/"), {"targets": {"people": "3.5"}}),
        ("post", url(plan, "actions/"), {"measure_key": "data", "title": "Open a data hub"}),
        ("patch", url(plan, f"actions/{action.pk}/"), {"owner": "Chief Digital Officer"}),
        ("post", url(plan, "agree/"), {}),
        ("post", url(plan, "new-draft/"), None),
        ("post", url(plan, "refresh/"), None),
    ]


def send(client, method, path, body):
    return getattr(client, method)(path, body, format="json")


# Allowed: the system's SRO, each write in the plan's history as from the pages.


def test_the_sro_starts_a_plan_and_it_is_in_the_history(world, as_user):
    client = as_user(world.sro)
    response = client.post(
        "/api/v1/plans/", {"round": world.round.pk, "system": "QRV"}, format="json"
    )
    assert response.status_code == 201
    plan = Plan.objects.get()
    body = response.json()
    assert (body["id"], body["system"], body["organisation"]) == (plan.pk, "QRV", None)
    assert [(v["number"], v["status"]) for v in body["versions"]] == [(1, "draft")]
    [event] = history(plan)
    assert (event.action, event.actor, event.after) == (
        "started",
        world.sro,
        {"targets": 3, "actions": 4},
    )
    again = client.post("/api/v1/plans/", {"round": world.round.pk, "system": "QRV"}, format="json")
    assert again.status_code == 409 and again["Content-Type"] == PROBLEM
    assert Plan.objects.count() == 1


def test_the_sro_sets_targets(world, draft, as_user):
    response = send(
        as_user(world.sro),
        "put",
        url(draft.plan, "targets/"),
        {"targets": {"people": "3.5", "care": None}},
    )
    assert response.status_code == 200
    targets = {t["measure_key"]: t["target"] for t in response.json()["targets"]}
    assert targets == {"data": "3.5", "people": "3.5", "care": None}
    events = history(draft.plan)[1:]
    assert [(e.action, e.subject, e.before, e.after, e.actor) for e in events] == [
        ("target", "People", {"target": "3.0"}, {"target": "3.5"}, world.sro),
        ("target", "Care", {"target": "2.0"}, {"target": None}, world.sro),
    ]


def test_the_sro_adds_an_action(world, draft, as_user):
    body = {
        "measure_key": "people",
        "title": "  Train every ward clerk  ",
        "owner": "Head of Workforce",
        "due_on": "2027-03-31",
        "status": "in_progress",
        "notes": "Two cohorts.",
    }
    response = send(as_user(world.sro), "post", url(draft.plan, "actions/"), body)
    assert response.status_code == 201
    made = response.json()
    found = PlanAction.objects.get(pk=made["id"])
    assert (found.title, found.owner, found.due_on, found.status, found.origin, found.decision) == (
        "Train every ward clerk",
        "Head of Workforce",
        dt.date(2027, 3, 31),
        "in_progress",
        "own",
        "accepted",
    )
    assert made["number"] is not None and made["title"] == "Train every ward clerk"
    [event] = history(draft.plan)[1:]
    assert (event.action, event.subject, event.actor) == (
        "action_added",
        "Train every ward clerk",
        world.sro,
    )
    assert event.after["due_on"] == "2027-03-31" and event.after["measure"] == "people"


def test_the_sro_changes_an_action_and_decides_a_proposed_one(world, draft, as_user):
    action = proposed(draft)
    client = as_user(world.sro)
    response = send(
        client,
        "patch",
        url(draft.plan, f"actions/{action.pk}/"),
        {"status": "blocked", "due_on": "2027-01-15", "decision": "accepted"},
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decision"]) == ("blocked", "accepted")
    action.refresh_from_db()
    assert (action.status, action.due_on, action.decision) == (
        "blocked",
        dt.date(2027, 1, 15),
        "accepted",
    )
    events = history(draft.plan)[1:]
    assert [(e.action, e.before, e.after) for e in events] == [
        ("accepted", {"decision": "undecided"}, {"decision": "accepted"}),
        (
            "action_changed",
            {"status": "not_started", "due_on": None},
            {"status": "blocked", "due_on": "2027-01-15"},
        ),
    ]
    dropped = send(
        client, "patch", url(draft.plan, f"actions/{action.pk}/"), {"decision": "dropped"}
    )
    assert dropped.status_code == 200 and dropped.json()["number"] is None
    assert history(draft.plan)[-1].action == "dropped"


def test_the_sro_agrees_starts_a_new_draft_and_reads_the_history(world, draft, as_user):
    client = as_user(world.sro)
    undecided = send(client, "post", url(draft.plan, "agree/"), {})
    assert (
        undecided.status_code == 409
        and "neither accepted nor dropped" in undecided.json()["detail"]
    )
    assert PlanVersion.objects.get(pk=draft.pk).status == "draft"
    for found in draft.planactions.all():
        action_decide(action=found, decision="accepted", by=world.sro)
    agreed = send(client, "post", url(draft.plan, "agree/"), {"comment": "Board, 12 May"})
    assert agreed.status_code == 200
    assert (agreed.json()["status"], agreed.json()["agreed_by"]) == ("agreed", "Sam Rowe")
    assert history(draft.plan)[-1].comment == "Board, 12 May"
    # An agreed version is never changed: no draft to change (409), its actions refused (409).
    assert (
        send(client, "put", url(draft.plan, "targets/"), {"targets": {"data": 4}}).status_code
        == 409
    )
    old = proposed(draft)
    refused = send(client, "patch", url(draft.plan, f"actions/{old.pk}/"), {"title": "Changed"})
    assert refused.status_code == 409 and refused["Content-Type"] == PROBLEM
    assert refused.json()["code"] == "agreed_plan_error"
    assert PlanAction.objects.get(pk=old.pk).title != "Changed"
    started = send(client, "post", url(draft.plan, "new-draft/"), None)
    assert started.status_code == 201
    assert (started.json()["number"], started.json()["status"]) == (2, "draft")
    assert send(client, "post", url(draft.plan, "new-draft/"), None).status_code == 409
    feed = client.get(url(draft.plan, "history/")).json()
    assert [e["action"] for e in feed[:2]] == ["new_draft", "agreed"]
    assert (feed[0]["version"], feed[0]["actor"], feed[0]["before"]) == (
        2,
        "Sam Rowe",
        {"from_version": 1},
    )
    assert feed[-1]["action"] == "started"


def test_the_sro_refreshes_a_drafts_figures(world, draft, as_user):
    client = as_user(world.sro)
    nothing = send(client, "post", url(draft.plan, "refresh/"), None)
    assert nothing.status_code == 409 and "has not changed" in nothing.json()["detail"]
    assessment = Assessment.objects.get(round=world.round, organisation__ods_code="RBI")
    assessment_reopen(assessment=assessment, by=world.national, reason="A late correction")
    response = send(client, "post", url(draft.plan, "refresh/"), None)
    assert response.status_code == 200
    people = next(t for t in response.json()["targets"] if t["measure_key"] == "people")
    assert people["current"] == "3.00000000"  # Alder alone now
    event = history(draft.plan)[-1]
    assert (event.action, event.actor, event.version_number) == ("refreshed", world.sro, 1)


# Denied: nothing written, nothing in the history.


@pytest.mark.parametrize("persona", ["board", "analyst", "org_board", "approver"])
def test_those_who_read_but_may_not_change_get_403(world, draft, as_user, persona):
    agree_all(world, draft)
    plan_new_draft(plan=draft.plan, by=world.sro)  # a draft to change, for those who may
    before = len(history(draft.plan))
    client = as_user(getattr(world, persona))
    if persona in ("org_board", "approver"):  # they see the organisation, not the system
        for method, path, body in writes(world, draft):
            assert send(client, method, path, body).status_code == 404
        return
    for method, path, body in writes(world, draft):
        response = send(client, method, path, body)
        assert response.status_code == 403, (persona, path)
        assert response["Content-Type"] == PROBLEM
    start = client.post("/api/v1/plans/", {"round": world.round.pk, "system": "QRV"}, format="json")
    assert start.status_code == 403
    assert len(history(draft.plan)) == before


def test_a_board_reader_does_not_see_a_plan_with_no_agreed_version(world, draft, as_user):
    client = as_user(world.board)
    for method, path, body in writes(world, draft):
        assert send(client, method, path, body).status_code == 404
    assert client.get(url(draft.plan, "history/")).status_code == 404
    assert len(history(draft.plan)) == 1


@pytest.mark.parametrize("persona", ["other_sro", "outsider", "respondent"])
def test_outsiders_get_404(world, draft, as_user, persona):
    client = as_user(getattr(world, persona))
    for method, path, body in writes(world, draft):
        assert send(client, method, path, body).status_code == 404
    start = client.post("/api/v1/plans/", {"round": world.round.pk, "system": "QRV"}, format="json")
    assert start.status_code == 404
    assert client.get(url(draft.plan, "history/")).status_code == 404
    assert len(history(draft.plan)) == 1 and Plan.objects.count() == 1


def test_a_read_only_token_writes_nothing(world, draft, as_user):
    client = as_user(world.sro, "read")
    for method, path, body in writes(world, draft):
        response = send(client, method, path, body)
        assert response.status_code == 403 and "read-only" in response.json()["detail"]
    start = client.post("/api/v1/plans/", {"round": world.round.pk, "system": "QRV"}, format="json")
    assert start.status_code == 403
    assert client.get(url(draft.plan, "history/")).status_code == 200  # it reads
    assert len(history(draft.plan)) == 1


def test_a_token_limited_elsewhere_gets_404(world, draft, as_user):
    for client in (
        as_user(world.national, system=world.other),
        as_user(world.national, organisation=world.orgs["RAL"]),
    ):
        for method, path, body in writes(world, draft):
            assert send(client, method, path, body).status_code == 404
        body = {"round": world.round.pk, "system": "QRV"}
        assert client.post("/api/v1/plans/", body, format="json").status_code == 404
    assert len(history(draft.plan)) == 1
    within = as_user(world.sro, system=world.system)
    assert send(within, *writes(world, draft)[0]).status_code == 200


# Bad input: a problem with field errors, nothing written.


def problem(response):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["code"] == "invalid"
    return body["errors"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"measure_key": "data", "title": ""}, "title"),
        ({"measure_key": "data", "title": "   "}, "title"),
        ({"measure_key": "data", "title": "x" * 301}, "title"),
        ({"measure_key": "data", "title": "Fine", "owner": "x" * 201}, "owner"),
        ({"measure_key": "data", "title": "Fine", "notes": "x" * 5001}, "notes"),
        ({"measure_key": "data", "title": "Fine", "due_on": "2027-02-30"}, "due_on"),
        ({"measure_key": "data", "title": "Fine", "due_on": "31/03/2027"}, "due_on"),
        ({"measure_key": "data", "title": "Fine", "due_on": "1999-12-31"}, "due_on"),
        ({"measure_key": "data", "title": "Fine", "status": "finished"}, "status"),
        ({"measure_key": "nope", "title": "Fine"}, "measure_key"),
        ({"title": "Fine"}, "measure_key"),
    ],
)
def test_adding_a_bad_action_is_refused(world, draft, as_user, body, field):
    errors = problem(send(as_user(world.sro), "post", url(draft.plan, "actions/"), body))
    assert list(errors) == [field]
    assert draft.planactions.filter(origin="own").count() == 0
    assert len(history(draft.plan)) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"due_on": "2027-13-01"}, "due_on"),
        ({"status": "done", "decision": "maybe"}, "decision"),
    ],
)
def test_changing_an_action_badly_is_refused(world, draft, as_user, body, field):
    action = proposed(draft)
    client = as_user(world.sro)
    errors = problem(send(client, "patch", url(draft.plan, f"actions/{action.pk}/"), body))
    assert list(errors) == [field]
    assert PlanAction.objects.get(pk=action.pk).status == "not_started"
    assert len(history(draft.plan)) == 1


def test_deciding_your_own_action_and_unknown_ids(world, draft, as_user):
    client = as_user(world.sro)
    own = send(client, "post", url(draft.plan, "actions/"), {"measure_key": "data", "title": "A"})
    own_id = own.json()["id"]
    errors = problem(
        send(client, "patch", url(draft.plan, f"actions/{own_id}/"), {"decision": "dropped"})
    )
    assert list(errors) == ["decision"]
    other = plan_start(subject=world.other, round_=world.round, by=world.national)
    foreign = action_add(version=other, measure_key="data", title="Theirs", by=world.national)
    assert send(client, "patch", url(draft.plan, f"actions/{foreign.pk}/"), {}).status_code == 404
    assert send(client, "patch", url(draft.plan, "actions/999999/"), {}).status_code == 404
    assert send(client, "put", "/api/v1/plans/999999/targets/", {"targets": {}}).status_code == 404


@pytest.mark.parametrize(
    ("targets", "field"),
    [
        ({"data": "6"}, "targets.data"),
        ({"data": "0.5"}, "targets.data"),
        ({"data": "3.25"}, "targets.data"),
        ({"data": "three"}, "targets.data"),
        ({"nope": "3"}, "targets.nope"),
        ({}, "targets"),
    ],
)
def test_bad_targets_are_refused(world, draft, as_user, targets, field):
    response = send(as_user(world.sro), "put", url(draft.plan, "targets/"), {"targets": targets})
    assert list(problem(response)) == [field]
    assert PlanTarget.objects.get(version=draft, measure_key="data").target is not None
    assert len(history(draft.plan)) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"round": 999999, "system": "QRV"}, "round"),
        ({"round": "soon", "system": "QRV"}, "round"),
        ({"round": 1}, "non_field_errors"),
        ({"round": 1, "system": "QRV", "organisation": "RAL"}, "non_field_errors"),
    ],
)
def test_starting_a_plan_badly_is_refused(world, as_user, body, field):
    response = as_user(world.sro).post("/api/v1/plans/", body, format="json")
    assert list(problem(response)) == [field]
    assert Plan.objects.count() == 0


def test_agreeing_with_a_too_long_comment_is_refused(world, draft, as_user):
    for found in draft.planactions.all():
        action_decide(action=found, decision="accepted", by=world.sro)
    response = send(as_user(world.sro), "post", url(draft.plan, "agree/"), {"comment": "x" * 5001})
    assert list(problem(response)) == ["comment"]
    assert PlanVersion.objects.get(pk=draft.pk).status == "draft"


def test_an_organisations_plan_is_started_by_its_own_people(world, as_user):
    body = {"round": world.round.pk, "organisation": "RAL"}
    assert as_user(world.outsider).post("/api/v1/plans/", body, format="json").status_code == 404
    assert as_user(world.org_board).post("/api/v1/plans/", body, format="json").status_code == 403
    response = as_user(world.approver).post("/api/v1/plans/", body, format="json")
    assert response.status_code == 201
    assert (response.json()["organisation"], response.json()["system"]) == ("RAL", None)
    plan = Plan.objects.get()
    assert [(e.action, e.actor) for e in history(plan)] == [("started", world.approver)]
