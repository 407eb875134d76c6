"""Confirm every answer from last year at once, in one success measure or the whole
assessment: a page listing exactly what will be confirmed, then one button. Each confirmation
is audited as a single one is (`services.answers_confirm`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from config.errors import DomainError
from frameworks.models import Measure

from ..guards import get_assessment_for_user
from ..presenters.questionnaire import read_only_reason
from ..selectors.confirm import to_confirm
from ..services import answers_confirm
from .common import crumbs, see_other


def _expected(post) -> dict[int, int]:
    """The answers the page listed: `revision-<question id>` -> the revision it showed."""
    expected = {}
    for name, value in post.items():
        prefix, _, question_id = name.partition("-")
        if prefix == "revision" and question_id.isdigit() and value.isdigit():
            expected[int(question_id)] = int(value)
    return expected


def _confirm(request, pk: int, measure_key: str = ""):
    assessment = get_assessment_for_user(request, pk, "edit")
    measure = None
    if measure_key:
        measure = Measure.objects.filter(
            version_id=assessment.framework_version_id, key=measure_key
        ).first()
        if measure is None:
            raise Http404("No such success measure in this assessment")
    back = (
        reverse("assessments:measure", args=[pk, measure.key])
        if measure
        else reverse("assessments:assessment", args=[pk])
    )
    error = ""
    if request.method == "POST":
        expected = _expected(request.POST)
        try:
            confirmed = answers_confirm(
                assessment=assessment,
                by=request.user,
                expected=expected,
                measure_key=measure_key,
            )
        except DomainError as exc:
            if exc.status == 403:
                raise
            error = exc.message
        else:
            count = len(confirmed)
            text = (
                f"{count} answer{'s' if count != 1 else ''} from last year confirmed at "
                f"{timezone.localtime():%H:%M:%S}."
            )
            if len(expected) > count:
                left = len(expected) - count
                text += (
                    f" {left} changed by someone else since you opened the list "
                    f"{'was' if left == 1 else 'were'} left as they are: check "
                    f"{'it' if left == 1 else 'them'}."
                )
            messages.success(request, text)
            return see_other(back)
    trail = (
        [(reverse("assessments:measure", args=[pk, measure.key]), measure.label)] if measure else []
    )
    return render(
        request,
        "assessments/questionnaire/confirm.jinja",
        {
            "assessment": assessment,
            "measure": measure,
            "items": to_confirm(assessment, measure),
            "read_only_reason": read_only_reason(assessment, may_edit=True),
            "error": error,
            "back": back,
            "action": request.path,
            "breadcrumbs": crumbs(assessment, *trail),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def confirm_all(request, pk: int):
    return _confirm(request, pk)


@login_required
@require_http_methods(["GET", "POST"])
def confirm_measure(request, pk: int, measure_key: str):
    return _confirm(request, pk, measure_key)
