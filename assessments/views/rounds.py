"""Running a round: create it, check what launching it will create, launch it, follow its
progress, close it, and extend an organisation's deadline (national administrators); a
system's progress for those who see its organisations one by one (its SRO, the region's
analysts). Every write goes through `services.rounds`; every page asks the access policy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.errors import DomainError
from frameworks.models import FrameworkVersion

from .. import access, spreadsheets
from ..forms import ExtensionSubmission, RoundSubmission
from ..guards import get_system_for_user
from ..models import Assessment, OrganisationCareSetting, Round
from ..presenters.common import pagination
from ..presenters.rounds import not_submitted_table
from ..selectors import rounds as selectors
from ..services import assessment_extend, round_close, round_create, round_launch
from .common import see_other

PAGE_SIZE = 50


def _crumbs(*items) -> list[dict]:
    trail = [(reverse("start"), "Home"), (reverse("assessments:rounds"), "Assessment rounds")]
    return [{"href": href, "text": text} for href, text in (*trail, *items)]


def _national(request) -> None:
    if not access.may_run_rounds(request.user):
        raise PermissionDenied


def _round(pk: int, *, launched: bool | None = None) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("framework_version__framework"), pk=pk)
    if launched is not None and bool(round_.launched_at) != launched:
        raise Http404("This round has not been launched" if launched else "Already launched")
    return round_


def _exports(name: str, *args) -> dict[str, str]:
    return {fmt: reverse(name, args=[*args, fmt]) for fmt in spreadsheets.FORMATS}


def _versions():
    return FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED).select_related(
        "framework"
    )


@login_required
@require_GET
def round_list(request):
    _national(request)
    rounds = list(Round.objects.select_related("framework_version__framework"))
    return render(
        request,
        "assessments/rounds/list.jinja",
        {
            "rounds": rounds,
            "counts": selectors.per_round_counts(rounds),
            "breadcrumbs": _crumbs()[:1],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request):
    _national(request)
    submission, error = None, None
    if request.method == "POST":
        submission = RoundSubmission.from_post(request.POST, _versions())
        if not submission.errors:
            try:
                round_ = round_create(**submission.cleaned, by=request.user)
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, f"{round_} is created. Check what launching it will do.")
                return see_other(reverse("assessments:round", args=[round_.pk]))
    return render(
        request,
        "assessments/rounds/new.jinja",
        {
            "values": submission.values if submission else {"care_settings": []},
            "errors": submission.errors if submission else {},
            "error": error,
            "versions": _versions(),
            "settings": OrganisationCareSetting.choices,
            "breadcrumbs": _crumbs(),
        },
        status=400 if submission and (submission.errors or error) else 200,
    )


@login_required
@require_GET
def round_detail(request, pk: int):
    _national(request)
    round_ = _round(pk)
    labels = dict(OrganisationCareSetting.choices)
    context = {
        "round": round_,
        "round_settings": [labels.get(s, s) for s in round_.care_settings],
        "states": selectors.STATES,
        "breadcrumbs": _crumbs(),
    }
    if not round_.launched_at:
        context["preview"] = selectors.launch_preview(round_)
    else:
        waiting = selectors.not_submitted(round_)
        page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
        context |= {
            "progress": selectors.round_progress(round_),
            "waiting_count": len(waiting),
            "page": page,
            "pagination": pagination(request, page),
            "may_close": not round_.is_closed and timezone.localdate() >= round_.closes_on,
            "exports": _exports("assessments:round_not_submitted", round_.pk),
            "may_extend": True,
        }
    return render(request, "assessments/rounds/detail.jinja", context)


@login_required
@require_POST
def round_launch_view(request, pk: int):
    _national(request)
    round_ = _round(pk)
    try:
        count = round_launch(round_=round_, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{round_} is launched: {count} assessments created.")
    return see_other(reverse("assessments:round", args=[round_.pk]))


@login_required
@require_POST
def round_close_view(request, pk: int):
    _national(request)
    round_ = _round(pk, launched=True)
    try:
        round_close(round_=round_, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"{round_} is closed: only organisations given an extension can submit."
        )
    return see_other(reverse("assessments:round", args=[round_.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def extend(request, pk: int, assessment_pk: int):
    _national(request)
    round_ = _round(pk, launched=True)
    assessment = get_object_or_404(
        Assessment.objects.select_related("organisation"), pk=assessment_pk, round=round_
    )
    submission, error = None, None
    if request.method == "POST":
        submission = ExtensionSubmission.from_post(request.POST)
        if not submission.errors:
            try:
                assessment_extend(
                    assessment=assessment,
                    by=request.user,
                    until=submission.until,
                    reason=submission.reason,
                )
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(
                    request,
                    f"{assessment.organisation.name} can submit until "
                    f"{submission.until:%-d %B %Y}.",
                )
                return see_other(reverse("assessments:round", args=[round_.pk]))
    return render(
        request,
        "assessments/rounds/extend.jinja",
        {
            "round": round_,
            "assessment": assessment,
            "values": submission.values if submission else {"until": {}, "reason": ""},
            "errors": submission.errors if submission else {},
            "error": error,
            "breadcrumbs": _crumbs((reverse("assessments:round", args=[round_.pk]), round_.name)),
        },
        status=400 if submission and (submission.errors or error) else 200,
    )


def _system_for_progress(request, ods_code: str):
    """The system, for someone who sees its organisations one by one: others who may view it
    (its board readers) are refused, those who may not see it get a 404."""
    system = get_system_for_user(request, ods_code)
    if not access.sees_organisations_of(request.user, system):
        raise PermissionDenied
    return system


@login_required
@require_GET
def system_progress(request, pk: int, ods_code: str):
    round_ = _round(pk, launched=True)
    system = _system_for_progress(request, ods_code)
    assessments = selectors.system_assessments(round_, system)
    waiting = selectors.not_submitted(round_, assessments)
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/rounds/system.jinja",
        {
            "round": round_,
            "system": system,
            "states": selectors.STATES,
            "progress": selectors.round_progress(round_, assessments),
            "waiting_count": len(waiting),
            "page": page,
            "pagination": pagination(request, page),
            "exports": _exports("assessments:system_not_submitted", round_.pk, system.ods_code),
            "may_extend": access.may_run_rounds(request.user),
            "breadcrumbs": [
                {"href": reverse("start"), "text": "Home"},
                {
                    "href": reverse("assessments:system", args=[system.ods_code]),
                    "text": system.name,
                },
            ],
        },
    )


def _download(round_: Round, where: str, waiting, fmt: str) -> HttpResponse:
    if fmt not in spreadsheets.FORMATS:
        raise Http404("No such format")
    content_type, write = spreadsheets.FORMATS[fmt]
    name = f"waymark-{slugify(round_.name)}-{where}-not-submitted.{fmt}"
    response = HttpResponse(write(not_submitted_table(round_, waiting)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def round_not_submitted(request, pk: int, fmt: str):
    _national(request)
    round_ = _round(pk, launched=True)
    return _download(round_, "england", selectors.not_submitted(round_), fmt)


@login_required
@require_GET
def system_not_submitted(request, pk: int, ods_code: str, fmt: str):
    round_ = _round(pk, launched=True)
    system = _system_for_progress(request, ods_code)
    waiting = selectors.not_submitted(round_, selectors.system_assessments(round_, system))
    return _download(round_, system.ods_code.lower(), waiting, fmt)
