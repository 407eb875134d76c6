"""Submission, approval or return, reopening, the audit log and the results of an assessment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from config.errors import DomainError
from frameworks.models import Measure

from .. import access
from ..guards import get_assessment_for_user
from ..models import AuditEvent
from ..presenters import pagination
from ..services.assessments import (
    IncompleteAssessment,
    assessment_approve,
    assessment_reopen,
    assessment_return,
    assessment_submit,
    missing_answers,
)
from ..signoff_pages import history_rows, results_for, review_summary, shown
from .common import crumbs

HISTORY_PAGE_SIZE = 50


def _overview(assessment):
    return redirect("assessments:assessment", pk=assessment.pk)


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk: int):
    assessment = get_assessment_for_user(request, pk, "edit")
    error = None
    if request.method == "POST":
        try:
            assessment_submit(assessment=assessment, by=request.user)
        except IncompleteAssessment as exc:
            error = exc.message
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, "The assessment has been submitted for approval.")
            return _overview(assessment)
    missing = missing_answers(assessment)
    return render(
        request,
        "assessments/signoff/submit.jinja",
        {
            "assessment": assessment,
            "missing": missing,
            "question_count": len(assessment.questions()),
            "error": error,
            "breadcrumbs": crumbs(assessment),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    assessment = get_assessment_for_user(request, pk, "approve")
    errors = {}
    decision = request.POST.get("decision", "")
    comment = request.POST.get("comment", "")
    if request.method == "POST":
        try:
            if decision == "approve":
                assessment_approve(assessment=assessment, by=request.user)
                messages.success(request, "The assessment is approved. Its scores are now final.")
                return _overview(assessment)
            if decision == "return":
                assessment_return(assessment=assessment, by=request.user, comment=comment)
                messages.success(request, "The assessment has been returned to the respondents.")
                return _overview(assessment)
            errors["decision"] = "Choose whether to approve the assessment or return it"
        except DomainError as exc:
            errors["comment" if decision == "return" else "decision"] = exc.message
    return render(
        request,
        "assessments/signoff/review.jinja",
        {
            "assessment": assessment,
            "summary": review_summary(assessment),
            "shown": shown,
            "errors": errors,
            "decision": decision,
            "comment": comment,
            "breadcrumbs": crumbs(assessment),
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, pk: int):
    assessment = get_assessment_for_user(request, pk)
    if not access.may_reopen(request.user, assessment):
        raise PermissionDenied
    error = None
    reason = request.POST.get("reason", "")
    if request.method == "POST":
        try:
            assessment_reopen(assessment=assessment, by=request.user, reason=reason)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                "The assessment has been reopened. Its scores have been "
                "withdrawn until it is approved again.",
            )
            return _overview(assessment)
    return render(
        request,
        "assessments/signoff/reopen.jinja",
        {
            "assessment": assessment,
            "error": error,
            "reason": reason,
            "breadcrumbs": crumbs(assessment),
        },
        status=400 if error else 200,
    )


@login_required
def history(request, pk: int):
    assessment = get_assessment_for_user(request, pk)
    version_id = assessment.framework_version_id
    questions = {q.key: q for q in assessment.questions()}
    measures = {m.key: m for m in Measure.objects.filter(version_id=version_id)}
    events = (
        AuditEvent.objects.filter(assessment=assessment)
        .select_related("actor")
        .order_by("-at", "-pk")
    )
    question_key = request.GET.get("question", "")
    question = questions.get(question_key)
    if question_key and question is None:
        question_key = ""
    if question:
        events = events.filter(question_key=question_key)
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/signoff/history.jinja",
        {
            "assessment": assessment,
            "question": question,
            "rows": history_rows(page.object_list, questions, measures),
            "page": page,
            "pagination": pagination(request, page),
            "breadcrumbs": crumbs(assessment),
        },
    )


@login_required
def results(request, pk: int):
    assessment = get_assessment_for_user(request, pk)
    return render(
        request,
        "assessments/signoff/results.jinja",
        {
            "assessment": assessment,
            "results": results_for(assessment),
            "shown": shown,
            "breadcrumbs": crumbs(assessment),
            "history_url": reverse("assessments:history", args=[assessment.pk]),
        },
    )
