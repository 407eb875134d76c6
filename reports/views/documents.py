"""The documents' pages: request a document of a system or organisation and watch it being made;
download it; a region's batch. Each view starts with a guard (`assessments.guards`); who may
see which document is `reports.documents.access`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments.guards import (
    get_organisation_for_user,
    get_region_for_user,
    get_system_for_user,
)
from config.errors import DomainError

from .. import sources
from ..documents import access, services
from ..documents.making import plan_versions
from ..documents.models import SYSTEM_KINDS, Kind, Report, ReportBatch
from ..tasks import WAITING_MESSAGE


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _crumbs(*items) -> list[dict]:
    trail = [(reverse("start"), "Home"), (reverse("assessments:home"), "My organisations")]
    return [{"href": href, "text": text} for href, text in [*trail, *items]]


def _rounds():
    return list(reversed(sources.rounds_in_order()))


def _chosen_round(request, rounds):
    wanted = request.POST.get("round")
    found = next((r for r in rounds if str(r.pk) == wanted), None)
    if found is None:
        raise DomainError("Choose an assessment round.")
    return found


def _plan_states(subject, rounds) -> list[dict]:
    """Per round, the plan versions a document may print: (agreed, draft), each may be None."""
    states = []
    for round_ in rounds:
        agreed, draft = plan_versions(subject, round_)
        states.append({"round": round_, "agreed": agreed, "draft": draft})
    return states


def _subject_page(request, subject, url_name: str, kinds, *, crumbs):
    every_round = _rounds()
    reads_drafts = access.may_read_drafts(request.user, subject)
    states = _plan_states(subject, every_round)
    if not reads_drafts:  # board readers: agreed plans only
        states = [state for state in states if state["agreed"]]
    rounds = [state["round"] for state in states]
    error = ""
    if request.method == "POST":
        try:
            kind = request.POST.get("kind") or kinds[0]
            if kind not in kinds:
                raise DomainError("Choose which document to make.")
            report = services.report_request(
                user=request.user,
                kind=kind,
                round_=_chosen_round(request, every_round),
                subject=subject,
                version=request.POST.get("version", "") if reads_drafts else services.AGREED,
            )
            if getattr(report, "waiting", False):
                messages.warning(request, f"{report.title} will be made later. {WAITING_MESSAGE}")
            return _see_other(reverse(url_name, args=[subject.ods_code]))
        except services.DocumentRefused:
            raise
        except DomainError as problem:
            error = str(problem)
    reports = access.visible_reports(
        request.user, Report.objects.filter(**{subject._meta.model_name: subject})
    ).select_related("round", "requested_by", "system", "organisation", "plan_version")
    return render(
        request,
        "reports/documents.jinja",
        {
            "subject": subject,
            "reports": list(reports[:50]),
            "rounds": rounds,
            "states": states,
            "kinds": [(k, Kind(k).label) for k in kinds],
            "may_request": access.may_read(request.user, subject) and bool(rounds),
            "reads_drafts": reads_drafts,
            "choose_version": reads_drafts and any(s["agreed"] and s["draft"] for s in states),
            "error": error,
            "action": reverse(url_name, args=[subject.ods_code]),
            "breadcrumbs": _crumbs(
                *crumbs, (reverse(url_name, args=[subject.ods_code]), "Documents")
            ),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def system_documents(request, ods_code: str):
    system = get_system_for_user(request, ods_code, "export")
    crumb = (reverse("assessments:system", args=[system.ods_code]), system.name)
    return _subject_page(request, system, "reports:system_documents", SYSTEM_KINDS, crumbs=[crumb])


@login_required
@require_http_methods(["GET", "POST"])
def organisation_documents(request, ods_code: str):
    organisation = get_organisation_for_user(request, ods_code, "export")
    crumb = (reverse("assessments:organisation", args=[organisation.ods_code]), organisation.name)
    return _subject_page(
        request,
        organisation,
        "reports:organisation_documents",
        (Kind.ORGANISATION_PLAN,),
        crumbs=[crumb],
    )


@login_required
def download(request, pk: int):
    report = get_object_or_404(
        access.visible_reports(request.user, Report.objects.all()).select_related(
            "round", "system", "organisation"
        ),
        pk=pk,
    )
    if report.status != Report.Status.READY:
        raise Http404("This document is not ready.")
    response = FileResponse(
        default_storage.open(report.file.name, "rb"),
        as_attachment=True,
        filename=report.filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def region_documents(request, ods_code: str):
    region = get_region_for_user(request, ods_code, "export")
    rounds = _rounds()
    error = ""
    if request.method == "POST":
        try:
            kind = request.POST.get("kind") or Kind.SYSTEM_PLAN
            if kind not in SYSTEM_KINDS:
                raise DomainError("Choose which document to make.")
            batch = services.batch_request(
                user=request.user, kind=kind, round_=_chosen_round(request, rounds), region=region
            )
            return _see_other(reverse("reports:batch", args=[batch.pk]))
        except services.DocumentRefused:
            raise
        except DomainError as problem:
            error = str(problem)
    crumb = (reverse("assessments:region", args=[region.ods_code]), region.name)
    return render(
        request,
        "reports/region_documents.jinja",
        {
            "region": region,
            "rounds": rounds,
            "kinds": [(k, Kind(k).label) for k in SYSTEM_KINDS],
            "batches": ReportBatch.objects.filter(region=region).select_related("round")[:20],
            "error": error,
            "breadcrumbs": _crumbs(crumb, (request.path, "Documents for every system")),
        },
    )


@login_required
def batch(request, pk: int):
    found = get_object_or_404(ReportBatch.objects.select_related("region", "round"), pk=pk)
    get_region_for_user(request, found.region.ods_code, "export")
    reports = access.visible_reports(request.user, found.reports.all()).select_related(
        "system", "round", "requested_by", "plan_version"
    )
    if not reports:
        raise PermissionDenied
    crumb = (reverse("reports:region_documents", args=[found.region.ods_code]), "Documents")
    return render(
        request,
        "reports/batch.jinja",
        {
            "batch": found,
            "reports": list(reports.order_by("system__name")),
            "breadcrumbs": _crumbs(crumb, (request.path, str(found))),
        },
    )
