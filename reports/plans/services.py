"""Every write to transformation plans: keyword-only, atomic, raising `DomainError`s.

    plan_start(*, subject, round_, by) -> PlanVersion        the first draft, from the data
    plan_new_draft(*, plan, by) -> PlanVersion              a draft copied from the last agreed
    targets_set(*, version, targets, by) -> int             targets per measure key (changed count)
    action_add(*, version, measure_key, title, owner="", due_on=None,
               status="not_started", notes="", by) -> PlanAction
    action_update(*, action, by, **changes) -> PlanAction   title, owner, due_on, status, notes
    action_decide(*, action, decision, by) -> PlanAction    accept or drop a proposed action
    plan_agree(*, version, by, comment="") -> PlanVersion    dated, attributed, frozen
    plan_refresh(*, version, by) -> Changes                  (`refresh.py`) a draft's figures
                                                            from the approved data as it is now

Who may: `assessments.access.may_change_plan` / `may_agree_plan`. An agreed version is never
changed (409); every change is a PlanEvent.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from assessments import access
from assessments.models import Organisation, Round, System
from config.errors import ConflictError, DomainError, NotAllowedError

from .basis import data_basis
from .models import AgreedPlanError, Plan, PlanAction, PlanEvent, PlanTarget, PlanVersion
from .proposal import propose

TITLE_MAX, OWNER_MAX, NOTES_MAX = 300, 200, 5000
EDITABLE_FIELDS = ("title", "owner", "due_on", "status", "notes")


class PlanError(DomainError):
    """A plan change was refused because of what was asked (400)."""


class PlanNotAllowed(NotAllowedError):
    """This person may not change or agree this plan (403)."""


class PlanConflict(ConflictError):
    """The plan is in a state that refuses this (409)."""


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _event(version, action, by, *, subject="", before=None, after=None, comment=""):
    PlanEvent.objects.create(
        plan_id=version.plan_id,
        version_number=version.number,
        action=action,
        subject=subject[:300],
        actor=by,
        before={k: _json(v) for k, v in before.items()} if before else None,
        after={k: _json(v) for k, v in after.items()} if after else None,
        comment=comment,
    )


def _locked_draft(version: PlanVersion, by) -> PlanVersion:
    """The version, locked, if `by` may change it and it is a draft."""
    version = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    subject = version.plan.subject
    if not access.may_change_plan(by, subject):
        raise PlanNotAllowed("Only the plan's owners may change it.")
    if not version.is_draft:
        raise AgreedPlanError(
            f"Version {version.number} of this plan is agreed and is never changed: start a "
            "new draft to change the plan."
        )
    return version


def parse_target(value) -> Decimal | None:
    """A target level: empty (none), or a number from 1 to 5 with at most one decimal place."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise PlanError(
            f"Enter the target as a number from 1 to 5, like 3.5, not “{value}”."
        ) from None
    if not number.is_finite() or not Decimal(1) <= number <= Decimal(5):
        raise PlanError(f"A target is a level from 1 to 5, not {value}.")
    if number != number.quantize(Decimal("0.1")):
        raise PlanError(f"A target has at most one decimal place, like 3.5, not {value}.")
    return number.quantize(Decimal("0.1"))


def _check_text(name: str, value: str, limit: int, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise PlanError(f"Enter the action's {name}.")
    if len(value) > limit:
        raise PlanError(f"The {name} must be {limit} characters or fewer.")
    return value


def _check_fields(changes: dict) -> dict:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise PlanError(f"An action has no field {', '.join(sorted(unknown))}.")
    checked = dict(changes)
    if "title" in checked:
        checked["title"] = _check_text("title", checked["title"], TITLE_MAX, required=True)
    if "owner" in checked:
        checked["owner"] = _check_text("owner", checked["owner"], OWNER_MAX)
    if "notes" in checked:
        checked["notes"] = _check_text("notes", checked["notes"], NOTES_MAX)
    if "status" in checked and checked["status"] not in PlanAction.Status.values:
        raise PlanError("Choose the action's status: not started, in progress, done or blocked.")
    if "due_on" in checked and checked["due_on"] is not None:
        if not isinstance(checked["due_on"], dt.date):
            raise PlanError("The due date must be a real date.")
    return checked


@transaction.atomic
def plan_start(*, subject: System | Organisation, round_: Round, by) -> PlanVersion:
    """Start the plan of `subject` for `round_`: version 1, a draft proposed from the data."""
    if not access.may_change_plan(by, subject):
        raise PlanNotAllowed("Only the plan's owners may start it.")
    if round_.launched_at is None:
        raise PlanError(f"{round_} has not been launched: there is no data to plan from yet.")
    field = "system" if isinstance(subject, System) else "organisation"
    if Plan.objects.filter(**{field: subject, "round": round_}).exists():
        raise PlanConflict(f"{subject} already has a plan for {round_}.")
    plan = Plan.objects.create(**{field: subject}, round=round_, created_by=by)
    used, fingerprint = data_basis(subject, round_)
    version = PlanVersion.objects.create(
        plan=plan, number=1, created_by=by, data_used=used, data_fingerprint=fingerprint
    )
    proposal = propose(subject, round_)
    PlanTarget.objects.bulk_create(
        PlanTarget(
            version=version,
            measure_key=t.measure_key,
            label=t.label,
            order=t.order,
            weight=t.weight,
            layer=t.layer,
            current=t.current,
            proposed=t.proposed,
            proposed_from=t.proposed_from,
            target=t.proposed,
        )
        for t in proposal.targets
    )
    PlanAction.objects.bulk_create(
        PlanAction(
            version=version,
            measure_key=a.measure_key,
            origin=PlanAction.Origin.PROPOSED,
            title=a.title[:TITLE_MAX],
            question_key=a.question_key,
            current=a.current,
            next_level=a.next_level,
            guidance=a.guidance,
            next_descriptor=a.next_descriptor,
            behind=a.behind,
            priority=a.priority,
            position=position,
        )
        for position, a in enumerate(proposal.actions, start=1)
    )
    _event(
        version,
        PlanEvent.Action.STARTED,
        by,
        after={"targets": len(proposal.targets), "actions": len(proposal.actions)},
    )
    return version


@transaction.atomic
def plan_new_draft(*, plan: Plan, by) -> PlanVersion:
    """A new draft, copied from the latest agreed version, which stays as it was."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not access.may_change_plan(by, plan.subject):
        raise PlanNotAllowed("Only the plan's owners may change it.")
    if plan.versions.drafts().exists():
        raise PlanConflict("This plan already has a draft: change that one.")
    agreed = plan.versions.agreed().order_by("-number").first()
    if agreed is None:  # pragma: no cover - a plan starts with a draft, agreeing keeps a version
        raise PlanConflict("This plan has no agreed version to start from.")
    draft = PlanVersion.objects.create(
        plan=plan,
        number=agreed.number + 1,
        based_on=agreed,
        created_by=by,
        data_used=agreed.data_used,  # its figures are the agreed version's, copied
        data_fingerprint=agreed.data_fingerprint,
    )
    targets = list(agreed.plantargets.all())
    actions = list(agreed.planactions.all())
    for row in (*targets, *actions):
        row.pk = None
        row.version = draft
    PlanTarget.objects.bulk_create(targets)
    PlanAction.objects.bulk_create(actions)
    _event(draft, PlanEvent.Action.NEW_DRAFT, by, before={"from_version": agreed.number})
    return draft


@transaction.atomic
def targets_set(*, version: PlanVersion, targets: dict, by) -> int:
    """Set the targets of the measures in `targets` (measure key -> level or None); every
    value is checked before anything is written. Returns how many changed."""
    version = _locked_draft(version, by)
    rows = {t.measure_key: t for t in version.plantargets.all()}
    unknown = sorted(set(targets) - set(rows))
    if unknown:
        section = version.plan.round.framework_version.section_word
        raise PlanError(f"This plan has no {section} {', '.join(unknown)}.")
    parsed = {key: parse_target(value) for key, value in targets.items()}
    changed = 0
    for key, value in parsed.items():
        row = rows[key]
        if row.target == value:
            continue
        _event(
            version,
            PlanEvent.Action.TARGET,
            by,
            subject=row.label,
            before={"target": row.target},
            after={"target": value},
        )
        row.target = value
        row.save(update_fields=["target"])
        changed += 1
    return changed


@transaction.atomic
def action_add(
    *,
    version: PlanVersion,
    measure_key: str,
    title: str,
    owner: str = "",
    due_on: dt.date | None = None,
    status: str = PlanAction.Status.NOT_STARTED,
    notes: str = "",
    by,
) -> PlanAction:
    version = _locked_draft(version, by)
    if not version.plantargets.filter(measure_key=measure_key).exists():
        section = version.plan.round.framework_version.section_word
        raise PlanError(f"Choose the {section} the action is for.")
    fields = _check_fields(
        {"title": title, "owner": owner, "due_on": due_on, "status": status, "notes": notes}
    )
    last = version.planactions.order_by("-position").values_list("position", flat=True).first()
    action = PlanAction.objects.create(
        version=version,
        measure_key=measure_key,
        origin=PlanAction.Origin.OWN,
        decision=PlanAction.Decision.ACCEPTED,
        position=(last or 0) + 1,
        **fields,
    )
    _event(
        version,
        PlanEvent.Action.ACTION_ADDED,
        by,
        subject=action.title,
        after={"measure": measure_key, **fields},
    )
    return action


@transaction.atomic
def action_update(*, action: PlanAction, by, **changes) -> PlanAction:
    """Change an action's title, owner, due date, status or notes."""
    version = _locked_draft(action.version, by)
    action = version.planactions.get(pk=action.pk)
    changes = _check_fields(changes)
    before = {k: getattr(action, k) for k, v in changes.items() if getattr(action, k) != v}
    if not before:
        return action
    for name in before:
        setattr(action, name, changes[name])
    action.save(update_fields=list(before))
    _event(
        version,
        PlanEvent.Action.ACTION_CHANGED,
        by,
        subject=action.title,
        before=before,
        after={k: changes[k] for k in before},
    )
    return action


@transaction.atomic
def action_decide(*, action: PlanAction, decision: str, by) -> PlanAction:
    """Accept or drop a proposed action (an added one is the SRO's own: accepted)."""
    version = _locked_draft(action.version, by)
    action = version.planactions.get(pk=action.pk)
    if decision not in (PlanAction.Decision.ACCEPTED, PlanAction.Decision.DROPPED):
        raise PlanError("Choose whether to accept or drop the proposed action.")
    if action.origin != PlanAction.Origin.PROPOSED:
        raise PlanError("Only a proposed action is accepted or dropped; change your own instead.")
    if action.decision == decision:
        return action
    before = action.decision
    action.decision = decision
    action.save(update_fields=["decision"])
    kind = PlanEvent.Action.ACCEPTED if decision == "accepted" else PlanEvent.Action.DROPPED
    _event(
        version,
        kind,
        by,
        subject=action.title,
        before={"decision": before},
        after={"decision": decision},
    )
    return action


@transaction.atomic
def plan_agree(*, version: PlanVersion, by, comment: str = "") -> PlanVersion:
    """Agree a draft: it is dated, attributed and kept as that version for good."""
    version = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    if not access.may_agree_plan(by, version.plan.subject):
        raise PlanNotAllowed("Only the plan's SRO (or a national administrator) agrees it.")
    if not version.is_draft:
        raise AgreedPlanError(f"Version {version.number} of this plan is already agreed.")
    undecided = version.planactions.filter(decision=PlanAction.Decision.UNDECIDED).count()
    if undecided:
        raise PlanConflict(
            f"{undecided} proposed action{'s are' if undecided != 1 else ' is'} neither "
            "accepted nor dropped: decide each one before agreeing the plan."
        )
    if not version.planactions.filter(decision=PlanAction.Decision.ACCEPTED).exists():
        raise PlanConflict("The plan has no accepted action: accept or add one before agreeing.")
    version.status = PlanVersion.Status.AGREED
    version.agreed_at = timezone.now()
    version.agreed_by = by
    version.save(update_fields=["status", "agreed_at", "agreed_by"])
    _event(version, PlanEvent.Action.AGREED, by, comment=_check_text("comment", comment, NOTES_MAX))
    return version
