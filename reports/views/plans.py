"""Transformation plan pages: a system's (or organisation's) plans, one plan with its versions
and history, editing targets and actions, agreeing. Each starts with a guard (404 for what the
person may not see); the access policy says who reads drafts and who changes a plan (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assessments import access
from assessments.guards import get_organisation_for_user, get_system_for_user
from assessments.models import Round
from config.errors import DomainError

from ..plans import basis, forms, refresh, selectors, services
from ..plans.models import PlanAction

KINDS = {"systems": get_system_for_user, "organisations": get_organisation_for_user}


def _subject(request, kind: str, ods_code: str):
    return KINDS[kind](request, ods_code)


def _rounds(subject, kind: str):
    rounds = Round.objects.filter(launched_at__isnull=False).select_related(
        "framework_version__framework"
    )
    if kind == "organisations":
        rounds = rounds.filter(assessments__organisation=subject)
    return rounds.order_by("-opens_on")


def _crumbs(kind, subject, *items):
    page = "assessments:system" if kind == "systems" else "assessments:organisation"
    trail = [
        (reverse("start"), "Home"),
        (reverse(page, args=[subject.ods_code]), subject.name),
        (reverse("reports:plans", args=[kind, subject.ods_code]), "Transformation plans"),
        *items,
    ]
    return [{"href": href, "text": text} for href, text in trail]


def _plan(request, kind, ods_code, round_id, *, change=False):
    """(subject, plan, draft) for this person: 404 if they may not see it, 403 if `change` and
    they may not change it."""
    subject = _subject(request, kind, ods_code)
    round_ = get_object_or_404(_rounds(subject, kind), pk=round_id)
    plan = selectors.plan_for(subject, round_)
    if plan is None or not selectors.readable_versions(request.user, plan).exists():
        raise Http404("No such plan")
    if change and not access.may_change_plan(request.user, subject):
        raise PermissionDenied
    draft = plan.versions.drafts().first()
    return subject, plan, draft


def _plan_url(kind, subject, plan, **query):
    url = reverse("reports:plan", args=[kind, subject.ods_code, plan.round_id])
    return url + (f"?version={query['version']}" if query.get("version") else "")


@login_required
@require_http_methods(["GET", "POST"])
def plans(request, kind: str, ods_code: str):
    subject = _subject(request, kind, ods_code)
    rounds = list(_rounds(subject, kind))
    may_change = access.may_change_plan(request.user, subject)
    error = ""
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        round_ = next((r for r in rounds if str(r.pk) == request.POST.get("round")), None)
        if round_ is None:
            error = "Choose a round to plan for."
        else:
            try:
                services.plan_start(subject=subject, round_=round_, by=request.user)
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, "The draft plan has been proposed from the data.")
                return redirect("reports:plan", kind, subject.ods_code, round_.pk)
    found = selectors.plans_of(subject)
    reads_drafts = access.reads_plan_drafts(request.user, subject)
    rows = []
    for round_ in rounds:
        plan = found.get(round_.pk)
        versions = list(plan.versions.order_by("-number")) if plan else []
        agreed = next((v for v in versions if not v.is_draft), None)
        draft = next((v for v in versions if v.is_draft), None)
        rows.append(
            {
                "round": round_,
                "plan": plan if (agreed or (draft and reads_drafts)) else None,
                "agreed": agreed,
                "draft": draft if reads_drafts else None,
            }
        )
    return render(
        request,
        "reports/plans/list.jinja",
        {
            "kind": kind,
            "subject": subject,
            "rows": rows,
            "may_change": may_change,
            "error": error,
            "breadcrumbs": _crumbs(kind, subject)[:-1],
        },
        status=400 if error else 200,
    )


@login_required
def plan(request, kind: str, ods_code: str, round_id: int):
    subject, plan, draft = _plan(request, kind, ods_code, round_id)
    versions = list(selectors.readable_versions(request.user, plan))
    wanted = request.GET.get("version", "")
    version = next((v for v in versions if str(v.number) == wanted), None) if wanted else None
    if wanted and version is None:
        raise Http404("No such version")
    version = version or versions[0]
    reads_drafts = access.reads_plan_drafts(request.user, subject)
    changed = basis.changes(version, subject, plan.round) if reads_drafts else None
    return render(
        request,
        "reports/plans/plan.jinja",
        {
            "kind": kind,
            "subject": subject,
            "plan": plan,
            "view": selectors.plan_view(version),
            "versions": versions,
            "history": selectors.plan_history(plan) if reads_drafts else [],
            "may_change": access.may_change_plan(request.user, subject),
            "may_agree": access.may_agree_plan(request.user, subject),
            "has_draft": draft is not None and reads_drafts,
            "changed": changed,
            "breadcrumbs": _crumbs(kind, subject),
        },
    )


def _draft_or_conflict(draft):
    if draft is None:
        raise services.PlanConflict("This plan is agreed: start a new draft to change it.")
    return draft


@login_required
@require_http_methods(["GET", "POST"])
def targets(request, kind: str, ods_code: str, round_id: int):
    subject, plan, draft = _plan(request, kind, ods_code, round_id, change=True)
    draft = _draft_or_conflict(draft)
    rows = list(draft.plantargets.all())
    errors, values = {}, {t.measure_key: t.target for t in rows}
    if request.method == "POST":
        values, errors = forms.targets_from(request.POST, rows)
        raw = {t.measure_key: request.POST.get(f"target-{t.measure_key}", "") for t in rows}
        if not errors:
            try:
                services.targets_set(version=draft, targets=values, by=request.user)
            except DomainError as exc:
                errors["targets"] = exc.message
            else:
                messages.success(request, "The targets have been saved.")
                return redirect(_plan_url(kind, subject, plan))
        values = raw
    return render(
        request,
        "reports/plans/targets.jinja",
        {
            "kind": kind,
            "subject": subject,
            "plan": plan,
            "rows": rows,
            "values": values,
            "errors": errors,
            "breadcrumbs": _crumbs(kind, subject, (_plan_url(kind, subject, plan), "Plan")),
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action(request, kind: str, ods_code: str, round_id: int, pk: int | None = None):
    subject, plan, draft = _plan(request, kind, ods_code, round_id, change=True)
    draft = _draft_or_conflict(draft)
    targets = list(draft.plantargets.all())
    found = get_object_or_404(draft.planactions, pk=pk) if pk else None
    proposed = bool(found and found.origin == PlanAction.Origin.PROPOSED)
    errors = {}
    values = (
        {f: getattr(found, f) for f in (*services.EDITABLE_FIELDS, "decision")}
        if found
        else {"status": PlanAction.Status.NOT_STARTED, "measure_key": request.GET.get("measure")}
    )
    if request.method == "POST":
        keys = None if found else [t.measure_key for t in targets]
        values, errors = forms.action_from(
            request.POST,
            measure_keys=keys,
            proposed=proposed,
            section=plan.round.framework_version.section_word,
        )
        if not errors:
            try:
                _save_action(draft, found, values, request.user)
            except DomainError as exc:
                errors["title"] = exc.message
            else:
                messages.success(request, "The action has been saved.")
                return redirect(_plan_url(kind, subject, plan))
    return render(
        request,
        "reports/plans/action.jinja",
        {
            "kind": kind,
            "subject": subject,
            "plan": plan,
            "action": found,
            "proposed": proposed,
            "targets": targets,
            "values": values,
            "post": request.POST,
            "errors": errors,
            "statuses": PlanAction.Status.choices,
            "breadcrumbs": _crumbs(kind, subject, (_plan_url(kind, subject, plan), "Plan")),
        },
        status=400 if errors else 200,
    )


def _save_action(draft, found, values, by):
    fields = {f: values[f] for f in services.EDITABLE_FIELDS}
    if found is None:
        services.action_add(version=draft, measure_key=values["measure_key"], by=by, **fields)
        return
    if "decision" in values:
        services.action_decide(action=found, decision=values["decision"], by=by)
    services.action_update(action=found, by=by, **fields)


@login_required
@require_POST
def decide(request, kind: str, ods_code: str, round_id: int, pk: int):
    subject, plan, draft = _plan(request, kind, ods_code, round_id, change=True)
    found = get_object_or_404(_draft_or_conflict(draft).planactions, pk=pk)
    found = services.action_decide(
        action=found, decision=request.POST.get("decision", ""), by=request.user
    )
    messages.success(request, f"The action has been {found.get_decision_display().lower()}.")
    return redirect(_plan_url(kind, subject, plan) + f"#action-{found.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def agree(request, kind: str, ods_code: str, round_id: int):
    subject, plan, draft = _plan(request, kind, ods_code, round_id)
    if not access.may_agree_plan(request.user, subject):
        raise PermissionDenied
    draft = _draft_or_conflict(draft)
    errors = {}
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            errors["confirm"] = "Confirm that this is the plan you agree."
        else:
            try:
                services.plan_agree(
                    version=draft, by=request.user, comment=request.POST.get("comment", "")
                )
            except DomainError as exc:
                errors["confirm"] = exc.message
            else:
                messages.success(request, f"Version {draft.number} of the plan is agreed.")
                return redirect(_plan_url(kind, subject, plan))
    return render(
        request,
        "reports/plans/agree.jinja",
        {
            "kind": kind,
            "subject": subject,
            "plan": plan,
            "view": selectors.plan_view(draft),
            "errors": errors,
            "comment": request.POST.get("comment", ""),
            "breadcrumbs": _crumbs(kind, subject, (_plan_url(kind, subject, plan), "Plan")),
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def new_draft(request, kind: str, ods_code: str, round_id: int):
    subject, plan, _ = _plan(request, kind, ods_code, round_id, change=True)
    draft = services.plan_new_draft(plan=plan, by=request.user)
    messages.success(request, f"Version {draft.number} has been started as a draft.")
    return redirect(_plan_url(kind, subject, plan))


@login_required
@require_POST
def refresh_figures(request, kind: str, ods_code: str, round_id: int):
    subject, plan, draft = _plan(request, kind, ods_code, round_id, change=True)
    refresh.plan_refresh(version=_draft_or_conflict(draft), by=request.user)
    messages.success(request, "The figures have been taken again from the approved data.")
    return redirect(_plan_url(kind, subject, plan))
