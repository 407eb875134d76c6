"""A draft's figures never go stale silently: a version records the approved data they came from;
when an assessment is reopened or approved again, the plan page says so and the SRO refreshes
them (audit-logged), the targets they set staying as they are. By hand, from plans_world."""

from decimal import Decimal

import pytest

from assessments.models import Assessment
from assessments.services import assessment_approve, assessment_reopen, assessment_submit
from reports.plans.basis import changes, data_basis
from reports.plans.models import AgreedPlanError, PlanEvent, PlanTarget
from reports.plans.refresh import plan_refresh
from reports.plans.services import (
    PlanConflict,
    PlanNotAllowed,
    action_decide,
    plan_agree,
    plan_new_draft,
    plan_start,
    targets_set,
)

from . import plans_world

pytestmark = pytest.mark.django_db
PAGE = "/results/systems/QRV/plans/{}/"


@pytest.fixture
def world():
    return plans_world.build()


@pytest.fixture
def draft(world):
    return plan_start(subject=world.system, round_=world.round, by=world.sro)


def reopen(world, code):
    assessment = Assessment.objects.get(round=world.round, organisation__ods_code=code)
    return assessment_reopen(assessment=assessment, by=world.national, reason="A late correction")


def currents(version):
    return dict(PlanTarget.objects.filter(version=version).values_list("measure_key", "current"))


def test_a_version_records_the_approved_data_its_figures_came_from(world, draft):
    # The providers only, as the figures count them: Alder and Birch, not the ICB.
    assert [code for code, _, _ in draft.data_used] == ["RAL", "RBI"]
    assert draft.data_fingerprint == data_basis(world.system, world.round)[1]
    assert changes(draft, world.system, world.round) is None
    for action in draft.planactions.all():
        action_decide(action=action, decision="accepted", by=world.sro)
    agreed = plan_agree(version=draft, by=world.sro)
    second = plan_new_draft(plan=agreed.plan, by=world.sro)
    assert (second.data_used, second.data_fingerprint) == (draft.data_used, draft.data_fingerprint)


def test_a_reopened_assessment_is_shown_and_refreshing_takes_the_figures_again(
    world, draft, client
):
    targets_set(version=draft, targets={"care": "2.5"}, by=world.sro)
    # As if care's question had been at its target when the draft was made (every question of
    # this small world is below it): refreshing proposes it anew.
    draft.planactions.filter(question_key="c1").delete()
    assert currents(draft) == {
        "data": Decimal("2.33333333"),
        "people": Decimal("2.5"),
        "care": Decimal("1.5"),
    }
    reopen(world, "RBI")
    found = changes(draft, world.system, world.round)
    assert (found.withdrawn, found.approved, found.reapproved) == (["RBI"], [], [])
    client.force_login(world.sro)
    page = client.get(PAGE.format(world.round.pk)).content.decode()
    assert "The approved data has changed" in page
    assert "1 assessment reopened (no longer approved): RBI." in page
    assert "Refresh the figures" in page

    events_before = PlanEvent.objects.count()
    response = client.post(PAGE.format(world.round.pk) + "refresh/")
    assert response.status_code == 302
    draft.refresh_from_db()
    # Alder alone now: data (2x1 + 1x2)/3 = 4/3, people 3, care 1.
    assert currents(draft) == {
        "data": Decimal("1.33333333"),
        "people": Decimal("3"),
        "care": Decimal("1"),
    }
    rows = {t.measure_key: t for t in draft.plantargets.all()}
    # The targets stay as set; the proposal beside them is Alder's own: data (3+3x2)/3 = 3,
    # people one level above 3 = 4, care 2.
    assert {k: (t.target, t.proposed) for k, t in rows.items()} == {
        "data": (Decimal("3.5"), Decimal("3.0")),
        "people": (Decimal("3.0"), Decimal("4")),
        "care": (Decimal("2.5"), Decimal("2.0")),
    }
    assert rows["people"].proposed_from == "next_level"
    d2 = draft.planactions.get(question_key="d2")
    assert (d2.current, d2.priority) == (Decimal("1"), Decimal("4"))  # (3 proposed - 1) x 2
    assert d2.behind == [{"ods_code": "RAL", "name": "Alder NHS Trust", "level": 1}]
    event = PlanEvent.objects.latest("pk")
    assert PlanEvent.objects.count() == events_before + 1
    assert (event.action, event.actor, event.version_number) == ("refreshed", world.sro, 1)
    assert event.before["approved_assessments"] == 2
    assert event.after == {"approved_assessments": 1, "measures_moved": 3, "new_proposals": 1}
    assert "RBI" in event.comment
    c1 = draft.planactions.get(question_key="c1")  # below its target: proposed, to decide
    assert (c1.decision, c1.origin, c1.current, c1.position) == ("undecided", "proposed", 1, 4)
    assert changes(draft, world.system, world.round) is None
    page = client.get(PAGE.format(world.round.pk)).content.decode()
    assert "The approved data has changed" not in page
    assert "Figures refreshed from the approved data" in page  # the history

    # Nothing to refresh now: refused, nothing written.
    with pytest.raises(PlanConflict, match="nothing to refresh"):
        plan_refresh(version=draft, by=world.sro)
    assert client.post(PAGE.format(world.round.pk) + "refresh/").status_code == 409
    assert PlanEvent.objects.count() == events_before + 1


def test_an_assessment_approved_again_shows_on_an_agreed_version_without_changing_it(
    world, draft, client
):
    for action in draft.planactions.all():
        action_decide(action=action, decision="accepted", by=world.sro)
    agreed = plan_agree(version=draft, by=world.sro)
    reopened = reopen(world, "RAL")
    assessment_submit(assessment=reopened, by=world.respondent)
    assessment_approve(assessment=reopened, by=world.approver)
    found = changes(agreed, world.system, world.round)
    assert found.reapproved == ["RAL"] and found.count == 1
    client.force_login(world.sro)
    page = client.get(PAGE.format(world.round.pk)).content.decode()
    assert "1 assessment reopened and approved again: RAL." in page
    assert "The agreed version stays as it was agreed." in page
    assert "Refresh the figures" not in page
    assert "start a new draft below and refresh its figures" in page
    before = currents(agreed)
    with pytest.raises(AgreedPlanError):  # an agreed version is never changed
        plan_refresh(version=agreed, by=world.sro)
    assert currents(agreed) == before
    # A board reader reads the agreed plan, not the SRO's working notes about the data.
    client.force_login(world.board)
    assert "The approved data has changed" not in client.get(PAGE.format(world.round.pk)).text


@pytest.mark.parametrize("who", ["board", "analyst", "other_sro", "respondent"])
def test_only_those_who_change_the_plan_refresh_it(world, draft, client, who):
    reopen(world, "RBI")
    with pytest.raises(PlanNotAllowed):
        plan_refresh(version=draft, by=getattr(world, who))
    client.force_login(getattr(world, who))
    assert client.post(PAGE.format(world.round.pk) + "refresh/").status_code in (403, 404)
    assert not PlanEvent.objects.filter(action="refreshed").exists()
    assert currents(draft)["data"] == Decimal("2.33333333")
