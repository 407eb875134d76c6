"""The questionnaire: an assessment's task list, a page per success measure, evidence,
assignment and "assigned to me".

Each question on a measure page is its own form. With JavaScript, htmx posts it the moment
something changes and the response updates the question's "Saved" status and its revision (or
replaces the question's answer block to show an error or a conflict). Without JavaScript the
same form has a Save button, and a save redirects back to the question. A save made from a stale
page is refused by the service (AnswerConflict) and shown as a conflict, never overwritten.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.errors import DomainError

from .. import access
from ..evidence_files import evidence_download_response
from ..forms import AnswerSubmission, AssignmentSubmission, current_choices
from ..guards import get_assessment_for_user
from ..models import Assessment, Evidence
from ..presenters import questionnaire as presenters
from ..selectors import questionnaire as selectors
from ..services import (
    AnswerConflict,
    answer_confirm,
    answer_save,
    evidence_add_file,
    evidence_add_link,
    sections_assign,
)
from ..services import evidence_remove as evidence_remove_service
from .common import crumbs, is_htmx, see_other, signed_in


def _measure_url(assessment_pk: int, measure_key: str, anchor: str = "", **query) -> str:
    url = reverse("assessments:measure", args=[assessment_pk, measure_key])
    return url + (f"?{urlencode(query)}" if query else "") + (f"#{anchor}" if anchor else "")


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
            "overview": selectors.overview_for(assessment),
            "may_edit": may_edit and assessment.is_editable,
            "may_approve": access.may(request.user, "approve", assessment),
            "may_reopen": access.may_reopen(request.user, assessment),
            "read_only_reason": presenters.read_only_reason(assessment, may_edit=may_edit),
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
            "read_only_reason": presenters.read_only_reason(assessment, may_edit=may_edit),
            "error_list": errors or [],
            "breadcrumbs": crumbs(assessment),
        },
        status=status,
    )


def _measure_page_or_404(assessment, measure_key):
    page = selectors.measure_page(assessment, measure_key)
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
        saved.status = presenters.saved_status(saved.answer.updated_at)
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


def _refused(request, pk: int, question, submission, error: DomainError | None = None):
    """Show why a save did not happen. Access is checked first: an outsider learns nothing
    (404), and someone who may see but not answer is refused (403)."""
    assessment = get_assessment_for_user(request, pk, "edit")
    if assessment.care_setting not in question.applies_to:
        raise Http404("No such question in this assessment")
    if error is not None and error.status == 403:
        raise error
    if isinstance(error, AnswerConflict):
        current = error.current
        state = {
            "conflict": presenters.Conflict(
                current, presenters.answer_values(current), submission.values
            ),
            "answer": current,
        }
    else:
        if error is not None:
            submission.errors = {"level": error.message}
        state = {"values": submission.values, "errors": submission.errors}
    status = error.status if error is not None else 400
    if is_htmx(request):
        return _block(
            request,
            assessment,
            selectors.question_state(assessment, question, **state),
            status=status,
        )
    return _full_page_with(request, assessment, question, status=status, **state)


@signed_in
@require_http_methods(["GET", "POST"])
def answer(request, pk: int, question_key: str):
    if request.method == "GET":
        # "Keep their answer": the question's block as it is saved now.
        assessment = get_assessment_for_user(request, pk)
        question = selectors.question_of(assessment, question_key)
        if question is None:
            raise Http404("No such question in this assessment")
        if not is_htmx(request):
            return redirect(_measure_url(pk, question.measure.key, f"question-{question.key}"))
        return _block(
            request,
            assessment,
            selectors.question_state(assessment, question),
            editable=_may_edit(request, assessment),
        )

    # The save is on a budget of queries, so the assessment is not read here: the service
    # reads it locked and checks that this person may answer it. Only a refusal reads it again,
    # to answer 404 or 403 as any other page would.
    question = selectors.question_for_answer(pk, question_key)
    if question is None:
        raise Http404("No such question")
    submission = AnswerSubmission.from_post(request.POST)
    if submission.errors:
        if is_htmx(request) and submission.only_missing_reason:
            # Not saved: "not applicable" is chosen, and why is still to be said.
            state = selectors.question_state(get_assessment_for_user(request, pk, "edit"), question)
            template = "assessments/questionnaire/_reason_needed.jinja"
            return render(request, template, {"state": state}, status=400)
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
    except DomainError as error:
        return _refused(request, pk, question, submission, error)

    if not is_htmx(request):
        return see_other(
            _measure_url(pk, question.measure.key, f"question-{question.key}", saved=question.key)
        )
    status = presenters.saved_status(saved.updated_at) if saved.pk else "Nothing to save yet."
    if request.POST.get("block"):
        # The block showed an error or a conflict: put the ordinary form back.
        assessment = get_assessment_for_user(request, pk)
        return _block(
            request,
            assessment,
            selectors.question_state(assessment, question, answer=saved, status=status),
        )
    state = presenters.QuestionState(question, 0, [], saved if saved.pk else None, status=status)
    return render(request, "assessments/questionnaire/_saved.jinja", {"state": state})


# --- evidence ---------------------------------------------------------------------------------


@login_required
@require_POST
def evidence_add(request, pk: int, question_key: str):
    assessment = get_assessment_for_user(request, pk, "edit")
    question = selectors.question_of(assessment, question_key)
    if question is None:
        raise Http404("No such question in this assessment")
    kind = "file" if request.POST.get("kind") == "file" else "link"
    values = {"url": request.POST.get("url", ""), "title": request.POST.get("title", "")}
    upload = request.FILES.get("file")
    if kind == "file" and upload is None:
        return _evidence_refused(
            request, assessment, question, "file", "Choose a file to upload", values
        )
    try:
        if kind == "file":
            evidence = evidence_add_file(
                assessment=assessment, question=question, upload=upload, by=request.user
            )
        else:
            evidence = evidence_add_link(
                assessment=assessment,
                question=question,
                url=values["url"],
                title=values["title"],
                by=request.user,
            )
    except DomainError as error:
        field = "file" if kind == "file" else "url"
        return _evidence_refused(
            request, assessment, question, field, error.message, values, status=error.status
        )
    messages.success(request, f"Evidence added to question: {evidence.label}")
    return see_other(_measure_url(pk, question.measure.key, f"question-{question.key}-evidence"))


def _evidence_refused(request, assessment, question, field, message, values, status=400):
    page = _measure_page_or_404(assessment, question.measure.key)
    state = page.state(question.key)
    state.evidence_errors = {field: message}
    state.evidence_values = values
    href = {"file": f"#{state.id}-file", "url": f"#{state.id}-link-url"}[field]
    if not _may_edit(request, assessment):  # the forms are not shown: point at the evidence
        href = f"#{state.id}-evidence"
    return _render_measure(
        request, assessment, page, status=status, errors=[{"text": message, "href": href}]
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
    return see_other(_measure_url(pk, question.measure.key, f"question-{question.key}-evidence"))


# --- assignment -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assign(request, pk: int):
    assessment = get_assessment_for_user(request, pk, "edit")
    overview = selectors.overview_for(assessment)
    people = selectors.assignable_people(assessment, request.user)
    chosen = current_choices(overview.rows)
    errors = []
    read_only = presenters.read_only_reason(assessment, may_edit=True)
    if request.method == "POST" and read_only:
        errors.append({"text": read_only, "href": "#assignments"})
    elif request.method == "POST":
        submission = AssignmentSubmission.from_post(request.POST, overview.rows, people)
        chosen, errors = submission.chosen, submission.errors
        if not errors:
            try:
                changed = sections_assign(
                    assessment=assessment, assignees=submission.assignees, by=request.user
                )
            except DomainError as error:
                errors.append({"text": error.message, "href": "#assignments"})
            else:
                messages.success(
                    request, "Assignments saved." if changed else "No assignments changed."
                )
                return see_other(reverse("assessments:assessment", args=[pk]))
    return render(
        request,
        "assessments/questionnaire/assign.jinja",
        {
            "assessment": assessment,
            "rows": overview.rows,
            "people": people,
            "chosen": chosen,
            "error_list": errors,
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
            "sections": selectors.assigned_to(request.user),
            "breadcrumbs": crumbs(),
        },
    )
