"""Refreshing a draft's figures after the approved data changed (`basis.changes`).

    plan_refresh(*, version, by) -> PlanVersion

What it changes, and what it leaves as the SRO has it:
- each success measure's "where it stands" and the proposed target beside it are taken again
  from the data (the proposal's own rules, `proposal.propose`); **the targets stay as set**: a
  target that now differs from the proposal shows as changed on the plan page, for the SRO to
  keep or set again;
- proposed actions keep their decision, owner, due date, status and notes; their figures (the
  level now, the next level and its guidance, who is furthest behind, the priority) are taken
  again; a question newly below its target becomes a new proposed action, undecided, so the
  plan cannot be agreed before the SRO decides it; a proposal the data no longer supports
  stays for the SRO to drop;
- the version records the new basis, and the history a "Figures refreshed" event saying what
  changed in the data and in the plan.
"""

from django.db import transaction

from .basis import changes, data_basis
from .models import PlanAction, PlanEvent, PlanVersion
from .proposal import propose
from .services import TITLE_MAX, PlanConflict, _event, _locked_draft

ACTION_FIGURES = ("current", "next_level", "guidance", "next_descriptor", "behind", "priority")


@transaction.atomic
def plan_refresh(*, version: PlanVersion, by) -> PlanVersion:
    """Take a draft's figures again from the approved data as it is now (see above)."""
    version = _locked_draft(version, by)
    plan = version.plan
    subject, round_ = plan.subject, plan.round
    found = changes(version, subject, round_)
    if found is None and version.data_fingerprint is not None:
        raise PlanConflict(
            "The approved data has not changed since this draft's figures were taken: there is "
            "nothing to refresh."
        )
    proposal = propose(subject, round_)
    moved = 0
    proposed_targets = {t.measure_key: t for t in proposal.targets}
    for row in version.plantargets.all():
        new = proposed_targets.get(row.measure_key)
        if new is None:  # pragma: no cover - a round's measures are fixed by its framework
            continue
        if (row.current, row.proposed, row.proposed_from) == (
            new.current,
            new.proposed,
            new.proposed_from,
        ):
            continue
        moved += row.current != new.current
        row.current, row.proposed, row.proposed_from = new.current, new.proposed, new.proposed_from
        row.save(update_fields=["current", "proposed", "proposed_from"])
    existing = {
        a.question_key: a
        for a in version.planactions.filter(origin=PlanAction.Origin.PROPOSED)
        if a.question_key
    }
    last = version.planactions.order_by("-position").values_list("position", flat=True).first()
    added = []
    for new in proposal.actions:
        action = existing.get(new.question_key)
        if action is None:
            added.append(
                PlanAction(
                    version=version,
                    measure_key=new.measure_key,
                    origin=PlanAction.Origin.PROPOSED,
                    title=new.title[:TITLE_MAX],
                    question_key=new.question_key,
                    position=(last or 0) + len(added) + 1,
                    **{name: getattr(new, name) for name in ACTION_FIGURES},
                )
            )
            continue
        figures = {name: getattr(new, name) for name in ACTION_FIGURES}
        if any(getattr(action, name) != value for name, value in figures.items()):
            for name, value in figures.items():
                setattr(action, name, value)
            action.save(update_fields=list(ACTION_FIGURES))
    PlanAction.objects.bulk_create(added)
    before = len(version.data_used or [])
    version.data_used, version.data_fingerprint = data_basis(subject, round_)
    version.save(update_fields=["data_used", "data_fingerprint"])
    _event(
        version,
        PlanEvent.Action.REFRESHED,
        by,
        before={"approved_assessments": before, "measures_moved": 0, "new_proposals": 0},
        after={
            "approved_assessments": len(version.data_used),
            "measures_moved": moved,
            "new_proposals": len(added),
        },
        comment=" ".join(found.sentences()) if found else "",
    )
    return version
