"""The framework authors' pages: upload a file (every problem at once, nothing half-written),
publish a draft with its change notes, start a new draft from a published version, and download
any version's file. Each asks `frameworks.access` first: 404 for a version its reader may not
see, 403 for what they may not do."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from config.errors import DomainError, NotAllowedError

from ..access import is_author, may_change_version, may_start_draft_from
from ..forms import NewDraftForm, PublishForm, UploadForm
from ..schema import MAX_BYTES
from ..selectors import version_for_user, versions_visible_to
from ..services import (
    FrameworkImportError,
    version_create_draft,
    version_export,
    version_import,
)
from ..services import version_publish as publish
from .reading import version_page


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _version(request, framework_key: str, version: str):
    found = version_for_user(request.user, framework_key, version)
    if found is None:
        raise Http404("No such framework version")
    return found


def _url(version) -> str:
    return reverse("frameworks:version", args=[version.framework.key, version.version])


@login_required
def author_home(request):
    if not is_author(request.user):
        raise NotAllowedError("Only framework authors may upload framework files.")
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    refused = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = version_import(
                source=upload.read(MAX_BYTES + 1),
                filename=upload.name,
                replace_draft=form.cleaned_data["replace_draft"],
            )
        except FrameworkImportError as exc:
            refused = exc
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return _see_other(_url(version))
    return render(
        request,
        "frameworks/author.jinja",
        {
            "form": form,
            "refused": refused,
            "drafts": versions_visible_to(request.user).drafts().order_by("framework_name"),
            "breadcrumbs": [
                {"href": "/", "text": "Home"},
                {"href": reverse("frameworks:list"), "text": "Frameworks"},
            ],
        },
        status=400 if refused or form.errors else 200,
    )


@login_required
@require_POST
def version_publish(request, framework_key: str, version: str):
    draft = _version(request, framework_key, version)
    if not may_change_version(request.user, draft):
        raise NotAllowedError("Only framework authors may publish, and only drafts.")
    form = PublishForm(request.POST)
    notes = form.cleaned_data["change_notes"] if form.is_valid() else ""
    try:
        published = publish(version=draft, change_notes=notes)
    except FrameworkImportError as exc:
        problems = [p.render(str(draft)) for p in exc.problems]
    except DomainError as exc:
        problems = [exc.message]
    else:
        return _see_other(_url(published))
    return version_page(request, draft, status=400, publish_problems=problems, change_notes=notes)


@login_required
@require_POST
def version_new_draft(request, framework_key: str, version: str):
    source = _version(request, framework_key, version)
    if not may_start_draft_from(request.user, source):
        raise NotAllowedError("Only framework authors may start a draft, from a published version.")
    form = NewDraftForm(request.POST)
    if form.is_valid():
        try:
            draft = version_create_draft(
                from_version=source,
                version=form.cleaned_data["version"],
                change_notes=form.cleaned_data["change_notes"],
            )
        except FrameworkImportError as exc:
            error = "; ".join(p.message for p in exc.problems)
        except DomainError as exc:
            error = exc.message
        else:
            return _see_other(_url(draft))
    else:
        error = form.errors["version"][0]
    return version_page(
        request, source, status=400, draft_error=error, draft_number=request.POST.get("version", "")
    )


@login_required
@require_GET
def version_download(request, framework_key: str, version: str):
    found = _version(request, framework_key, version)
    response = HttpResponse(version_export(version=found), content_type="application/yaml")
    response["Content-Disposition"] = (
        f'attachment; filename="{found.framework_key}-{found.version}.yaml"'
    )
    return response
