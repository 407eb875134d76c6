"""Framework pages: readable by anyone signed in. Drafts only by framework authors."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from ..access import is_author, may_change_version, may_start_draft_from
from ..crosswalk import document_replaces
from ..diff import diff_documents
from ..models import CareSetting
from ..presenters import SETTING_LABELS, present_change, weight_text
from ..selectors import frameworks_with_versions, version_for_user, versions_visible_to
from ..services import load_version, version_document


def _get_version_for_user(request, framework_key: str, version: str):
    found = version_for_user(request.user, framework_key, version)
    if found is None:
        raise Http404("No such framework version")
    return found


def _crumbs(*items):
    return [{"href": href, "text": text} for href, text in (("/", "Home"),) + items]


@login_required
def framework_list(request):
    return render(
        request,
        "frameworks/list.jinja",
        {
            "frameworks": frameworks_with_versions(request.user),
            "may_author": is_author(request.user),
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
def version_detail(request, framework_key: str, version: str):
    return version_page(request, _get_version_for_user(request, framework_key, version))


def version_page(request, framework_version, *, status: int = 200, **refusal):
    """A version as a respondent of a care setting would see it (`?setting=`), with what its
    reader may do here; `refusal` re-shows a refused form (`publish_problems`, `draft_error`,
    `draft_number`, `change_notes`)."""
    setting = request.GET.get("setting", "")
    if setting not in SETTING_LABELS:
        setting = ""
    measures = []
    loaded = load_version(framework_version)
    labels = {m.key: m.label for m in loaded}
    for measure in loaded:
        questions = [q for q in measure.questions.all() if not setting or setting in q.applies_to]
        measures.append(
            {
                "measure": measure,
                "questions": questions,
                "themes": list(measure.themes.all()),
                "after": [labels.get(key, key) for key in measure.depends_on],
            }
        )
    siblings = list(
        versions_visible_to(request.user)
        .filter(framework=framework_version.framework)
        .order_by("major", "minor", "patch")
    )
    position = [v.pk for v in siblings].index(framework_version.pk)
    previous = siblings[position - 1] if position > 0 else None
    return render(
        request,
        "frameworks/version_detail.jinja",
        {
            "version": framework_version,
            "measures": measures,
            "question_total": sum(len(m["questions"]) for m in measures),
            "setting": setting,
            "settings": CareSetting.choices,
            "setting_labels": SETTING_LABELS,
            "previous": previous,
            "based_on": framework_version.based_on,
            "may_publish": may_change_version(request.user, framework_version),
            "may_start_draft": may_start_draft_from(request.user, framework_version),
            "weight_text": weight_text,
            "breadcrumbs": _crumbs((reverse("frameworks:list"), "Frameworks")),
            **refusal,
        },
        status=status,
    )


@login_required
def version_compare(request, framework_key: str):
    versions = list(
        versions_visible_to(request.user)
        .filter(framework__key=framework_key)
        .order_by("major", "minor", "patch")
    )
    if not versions:
        raise Http404("No such framework")
    by_number = {v.version: v for v in versions}
    old_number = request.GET.get("from") or (versions[-2].version if len(versions) > 1 else "")
    new_number = request.GET.get("to") or versions[-1].version
    asked = "from" in request.GET or "to" in request.GET
    errors = {}
    if len(versions) < 2:
        errors["from"] = (
            "There is only one version of this framework, so there is nothing to compare yet"
        )
    elif old_number not in by_number:
        errors["from"] = "Choose the earlier version to compare"
    if new_number not in by_number:
        errors["to"] = "Choose the later version to compare"
    if not errors and old_number == new_number:
        errors["to"] = "Choose two different versions to compare"

    diff = None
    new = by_number.get(new_number)
    # The later version's crosswalk names questions of the version it derives from only.
    crosswalk = bool(
        new
        and new.based_on_id
        and new.based_on_id == getattr(by_number.get(old_number), "pk", None)
    )
    elsewhere = None  # the version the later one's crosswalk names, when not compared here
    if not errors:
        later = version_document(version=new)
        diff = diff_documents(
            version_document(version=by_number[old_number]), later, crosswalk=crosswalk
        )
        if not crosswalk and any(document_replaces(later).values()):
            elsewhere = new.based_on
    framework = versions[0].framework
    return render(
        request,
        "frameworks/compare.jinja",
        {
            "framework": framework,
            "versions": versions,
            "old": by_number.get(old_number),
            "new": by_number.get(new_number),
            "old_number": old_number,
            "new_number": new_number,
            "errors": errors,
            "diff": diff,
            "crosswalk_elsewhere": elsewhere,
            "present_change": present_change,
            "setting_labels": SETTING_LABELS,
            "breadcrumbs": _crumbs((reverse("frameworks:list"), "Frameworks")),
        },
        status=400 if errors and asked else 200,
    )
