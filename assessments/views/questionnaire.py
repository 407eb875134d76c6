"""The questionnaire: an assessment's task list, a page per success measure, evidence,
assignment and "assigned to me".

Each question on a measure page is its own form. With JavaScript, htmx posts it the moment
something changes and the response updates the question's "Saved" status and its revision (or
replaces the question's answer block to show an error or a conflict). Without JavaScript the
same form has a Save button, and a save redirects back to the question. A save made from a stale
page is refused by the service (AnswerConflict) and shown as a conflict, never overwritten.
"""

import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.errors import DomainError

from .. import access
from .. import questionnaire_pages as pages
from ..evidence_files import evidence_download_response
from ..guards import get_assessment_for_user
from ..models import Assessment, Evidence
from ..services.assessments import (
    AnswerConflict,
    NotAllowed,
    answer_confirm,
    answer_save,
    evidence_add_file,
    evidence_add_link,
    section_assign,
)
from ..services.assessments import evidence_remove as evidence_remove_service
from .common import crumbs

UNASSIGNED = ""


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _measure_url(assessment_pk: int, measure_key: str, anchor: str = "", **query) -> str:
    url = reverse("assessments:measure", args=[assessment_pk, measure_key])
    return url + (f"?{urlencode(query)}" if query else "") + (f"#{anchor}" if anchor else "")


def _signed_in(view):
    """login_required, except that htmx is told 401 instead of being redirected to the sign-in
    page, which it would follow and then show inside the question's status line."""
    page_view = login_required(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if _is_htmx(request) and not request.user.is_authenticated:
            return HttpResponse("Not saved: you have been signed out.", status=401)
        return page_view(request, *args, **kwargs)

    return wrapper


def _see_other(url: str) -> HttpResponseRedirect:
    """After a POST: a 303, so that the browser gets the page and never re-posts."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _may_edit(request, assessment: Assessment) -> bool:
    return assessment.is_editable and access.may(request.user, "edit", assessment)


# --- the task list ----------------------------------------------------------------------------


@login_required
@require_GET
def overview(request, pk: int):
    assessment = get_assessment_for_user(request, pk)
    may_edit = access.may(request.user, "edit", assessment)
    return render(
        request,
        "assessments/questionnaire/overview.jinja",
        {
            "assessment": assessment,
            "overview": pages.overview_for(assessment),
            "may_edit": may_edit and assessment.is_editable,
            "may_approve": access.may(request.user, "approve", assessment),
            "may_reopen": access.may_reopen(request.user, assessment),
            "read_only_reason": pages.read_only_reason(assessment, may_edit=may_edit),
            "decided_by": pages.person_name(assessment.decided_by)
            if assessment.decided_by_id
            else "",
            "date_time_text": pages.date_time_text,
            "person_name": pages.person_name,
            "breadcrumbs": crumbs(),
        },
    )


# --- a success measure ------------------------------------------------------------------------


def _render_measure(request, assessment, page, *, status=200, errors=None):
    may_edit = access.may(request.user, "edit", assessment)
    return render(
        request,
        "assessments/questionnaire/measure.jinja",
        {
            "assessment": assessment,
            "page": page,
            "editable": may_edit and assessment.is_editable,
            "read_only_reason": pages.read_only_reason(assessment, may_edit=may_edit),
            "error_list": errors or [],
            "person_name": pages.person_name,
            "breadcrumbs": crumbs(assessment),
        },
        status=status,
    )


def _measure_page_or_404(assessment, measure_key):
    page = pages.measure_page(assessment, measure_key)
    if page is None:
        raise Http404("No such success measure in this assessment")
    return page


@login_required
@require_GET
def measure_page(request, pk: int, measure_key: str):
    assessment = get_assessment_for_user(request, pk)
    page = _measure_page_or_404(assessment, measure_key)
    saved = page.state(request.GET.get("saved", ""))
    if saved and saved.answer:
        saved.status = f"Saved at {pages.time_text(saved.answer.updated_at)}"
    return _render_measure(request, assessment, page)


# --- answering --------------------------------------------------------------------------------


def _block(request, assessment, state, *, status=200, editable=True):
    """The question's whole answer block, replacing the one on the page."""
    html = render_to_string(
        "assessments/questionnaire/_answer.jinja",
        {
            "assessment": assessment,
            "state": state,
            "editable": editable,
            "person_name": pages.person_name,
        },
        request=request,
    )
    response = HttpResponse(html, status=status)
    response["HX-Retarget"] = f"#{state.id}-answer"
    response["HX-Reswap"] = "outerHTML"
    return response


def _full_page_with(request, assessment, question, *, status, **state):
    """The measure page, showing this question's block in the given state (no JavaScript)."""
    page = _measure_page_or_404(assessment, question.measure.key)
    target = page.state(question.key)
    for name, value in state.items():
        setattr(target, name, value)
    if target.conflict:
        errors = [
            {
                "text": f"{target.conflict.who} changed the answer to question "
                f"{target.number} while you were working on it",
                "href": f"#{target.id}-conflict",
            }
        ]
    else:
        field_ids = {
            "level": "level",
            "not_applicable_reason": "reason",
            "target_level": "target",
            "notes": "notes",
        }
        errors = [
            {"text": message, "href": f"#{target.id}-{field_ids.get(name, 'level')}"}
            for name, message in target.errors.items()
        ]
    return _render_measure(request, assessment, page, status=status, errors=errors)


def _refused(request, pk: int, question, submission, *, message="", conflict=None):
    """Show why a save did not happen. Access is checked first: an outsider learns nothing."""
    assessment = get_assessment_for_user(request, pk, "edit")
    if assessment.care_setting not in question.applies_to:
        raise Http404("No such question in this assessment")
    if message:
        submission.errors = {"level": message}
    state = {"values": submission.values, "errors": submission.errors}
    status = 400
    if conflict is not None:
        current = conflict.current
        state = {
            "conflict": pages.Conflict(current, pages.answer_values(current), submission.values),
            "answer": current,
        }
        status = 409
    if _is_htmx(request):
        return _block(
            request, assessment, pages.question_state(assessment, question, **state), status=status
        )
    return _full_page_with(request, assessment, question, status=status, **state)


@_signed_in
@require_http_methods(["GET", "POST"])
def answer(request, pk: int, question_key: str):
    if request.method == "GET":
        # "Keep their answer": the question's block as it is saved now.
        assessment = get_assessment_for_user(request, pk)
        question = pages.question_of(assessment, question_key)
        if question is None:
            raise Http404("No such question in this assessment")
        if not _is_htmx(request):
            return redirect(_measure_url(pk, question.measure.key, f"question-{question.key}"))
        return _block(
            request,
            assessment,
            pages.question_state(assessment, question),
            editable=_may_edit(request, assessment),
        )

    # The save is on a budget of queries, so the assessment is not read here: the service
    # reads it locked and checks that this person may answer it. Only a refusal reads it again,
    # to answer 404 or 403 as any other page would.
    question = pages.question_for_answer(pk, question_key)
    if question is None:
        raise Http404("No such question")
    submission = pages.AnswerSubmission.from_post(request.POST)
    if submission.errors:
        if _is_htmx(request) and submission.only_missing_reason:
            get_assessment_for_user(request, pk, "edit")
            # Not an error yet: they have just chosen "not applicable" and are about to say why.
            return HttpResponse(
                "Say why this question does not apply, and your answer will be saved."
            )
        return _refused(request, pk, question, submission)
    reference = Assessment(pk=pk)
    try:
        if submission.action == "confirm":
            saved = answer_confirm(
                assessment=reference,
                question=question,
                by=request.user,
                expected_revision=submission.revision,
            )
        else:
            saved = answer_save(
                assessment=reference,
                question=question,
                by=request.user,
                expected_revision=submission.revision,
                **submission.changes,
            )
    except AnswerConflict as conflict:
        return _refused(request, pk, question, submission, conflict=conflict)
    except NotAllowed:
        get_assessment_for_user(request, pk, "edit")
        raise PermissionDenied from None
    except DomainError as error:
        return _refused(request, pk, question, submission, message=error.message)

    if not _is_htmx(request):
        return _see_other(
            _measure_url(pk, question.measure.key, f"question-{question.key}", saved=question.key)
        )
    status = f"Saved at {pages.time_text(saved.updated_at)}" if saved.pk else "Nothing to save yet."
    if request.POST.get("block"):
        # The block showed an error or a conflict: put the ordinary form back.
        assessment = get_assessment_for_user(request, pk)
        return _block(
            request,
            assessment,
            pages.question_state(assessment, question, answer=saved, status=status),
        )
    state = pages.QuestionState(question, 0, [], saved if saved.pk else None, status=status)
    return render(request, "assessments/questionnaire/_saved.jinja", {"state": state})


# --- evidence ---------------------------------------------------------------------------------


class _EvidenceProblem(Exception):
    """A problem with the evidence form itself, found before any service is asked."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


@login_required
@require_POST
def evidence_add(request, pk: int, question_key: str):
    assessment = get_assessment_for_user(request, pk, "edit")
    question = pages.question_of(assessment, question_key)
    if question is None:
        raise Http404("No such question in this assessment")
    kind = request.POST.get("kind")
    values = {"url": request.POST.get("url", ""), "title": request.POST.get("title", "")}
    try:
        if kind == "file":
            upload = request.FILES.get("file")
            if upload is None:
                raise _EvidenceProblem("file", "Choose a file to upload")
            evidence = evidence_add_file(
                assessment=assessment, question=question, upload=upload, by=request.user
            )
        else:
            kind = "link"
            evidence = evidence_add_link(
                assessment=assessment,
                question=question,
                url=values["url"],
                title=values["title"],
                by=request.user,
            )
    except _EvidenceProblem as problem:
        return _evidence_refused(
            request, assessment, question, problem.field, problem.message, values
        )
    except DomainError as error:
        field = "file" if kind == "file" else "url"
        return _evidence_refused(request, assessment, question, field, error.message, values)
    messages.success(request, f"Evidence added to question: {evidence.label}")
    return _see_other(_measure_url(pk, question.measure.key, f"question-{question.key}-evidence"))


def _evidence_refused(request, assessment, question, field, message, values):
    page = _measure_page_or_404(assessment, question.measure.key)
    state = page.state(question.key)
    state.evidence_errors = {field: message}
    state.evidence_values = values
    href = {"file": f"#{state.id}-file", "url": f"#{state.id}-link-url"}[field]
    if not _may_edit(request, assessment):  # the forms are not shown: point at the evidence
        href = f"#{state.id}-evidence"
    return _render_measure(
        request, assessment, page, status=400, errors=[{"text": message, "href": href}]
    )


def _evidence_of(assessment, evidence_pk: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(pk=evidence_pk, assessment=assessment)
        .select_related("question__measure")
        .first()
    )
    if evidence is None:
        raise Http404("No such evidence in this assessment")
    return evidence


@login_required
@require_GET
def evidence_download(request, pk: int, evidence_pk: int):
    assessment = get_assessment_for_user(request, pk)
    evidence = _evidence_of(assessment, evidence_pk)
    if evidence.kind != Evidence.Kind.FILE:
        raise Http404("This evidence is a link, not a file")
    try:
        stored = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    return evidence_download_response(
        stored, checked_content_type=evidence.content_type, filename=evidence.file_name
    )


@login_required
@require_POST
def evidence_remove(request, pk: int, evidence_pk: int):
    assessment = get_assessment_for_user(request, pk, "edit")
    evidence = _evidence_of(assessment, evidence_pk)
    question = evidence.question
    label = evidence.label
    try:
        evidence_remove_service(evidence=evidence, by=request.user)
    except DomainError as error:
        page = _measure_page_or_404(assessment, question.measure.key)
        return _render_measure(
            request,
            assessment,
            page,
            status=400,
            errors=[{"text": error.message, "href": f"#question-{question.key}-evidence"}],
        )
    messages.success(request, f"Evidence removed from question: {label}")
    return _see_other(_measure_url(pk, question.measure.key, f"question-{question.key}-evidence"))


# --- assignment -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assign(request, pk: int):
    assessment = get_assessment_for_user(request, pk, "edit")
    overview = pages.overview_for(assessment)
    people = pages.assignable_people(assessment, request.user)
    chosen = {
        row.measure.key: str(row.assignee.pk) if row.assignee else UNASSIGNED
        for row in overview.rows
    }
    errors = []
    read_only = pages.read_only_reason(assessment, may_edit=True)
    if request.method == "POST" and read_only:
        errors.append({"text": read_only, "href": "#assignments"})
    elif request.method == "POST":
        by_id = {str(person.pk): person for person in people}
        changes = []
        for row in overview.rows:
            value = request.POST.get(f"measure-{row.measure.key}", chosen[row.measure.key])
            if value != UNASSIGNED and value not in by_id:
                errors.append(
                    {
                        "text": f"Choose someone from the list for {row.measure.label}",
                        "href": f"#measure-{row.measure.key}",
                    }
                )
            elif value != chosen[row.measure.key]:
                changes.append((row.measure, by_id.get(value)))
            chosen[row.measure.key] = value
        if not errors:
            try:
                with transaction.atomic():
                    for measure, assignee in changes:
                        section_assign(
                            assessment=assessment,
                            measure=measure,
                            assignee=assignee,
                            by=request.user,
                        )
            except DomainError as error:
                errors.append({"text": error.message, "href": "#assignments"})
            else:
                messages.success(
                    request, "Assignments saved." if changes else "No assignments changed."
                )
                return _see_other(reverse("assessments:assessment", args=[pk]))
    return render(
        request,
        "assessments/questionnaire/assign.jinja",
        {
            "assessment": assessment,
            "rows": overview.rows,
            "people": people,
            "chosen": chosen,
            "error_list": errors,
            "person_name": pages.person_name,
            "read_only_reason": read_only,
            "breadcrumbs": crumbs(assessment),
        },
        status=400 if errors else 200,
    )


@login_required
@require_GET
def assigned_to_me(request):
    return render(
        request,
        "assessments/questionnaire/assigned_to_me.jinja",
        {
            "sections": pages.assigned_to(request.user),
            "breadcrumbs": crumbs(),
        },
    )
