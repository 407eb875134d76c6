"""The benchmark import pages, for national administrators: the list, the upload, the preview
and the import (all or nothing). The upload is kept between preview and import by
`benchmarks.uploads` (a random name in default storage, found again by a signed token)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from frameworks.models import FrameworkVersion

from ..benchmarks import BenchmarkImportError, Problem, benchmark_import, benchmark_preview
from ..benchmarks.uploads import (
    upload_discard,
    upload_keep,
    upload_open,
    upload_read,
)
from ..forms import BenchmarkUploadForm
from ..models import Benchmark
from ..viewing import is_national_administrator


def _national_administrator(request) -> None:
    if not is_national_administrator(request.user):
        raise PermissionDenied


def _crumbs(*items):
    return [
        {"href": href, "text": text}
        for href, text in (
            (reverse("start"), "Home"),
            (reverse("reports:benchmarks"), "Benchmarks"),
            *items,
        )
    ]


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@login_required
@require_GET
def benchmark_list(request):
    _national_administrator(request)
    benchmarks = Benchmark.objects.select_related(
        "framework_version__framework", "imported_by"
    ).annotate(score_count=Count("scores"))
    return render(
        request,
        "reports/benchmarks/list.jinja",
        {"benchmarks": benchmarks, "breadcrumbs": _crumbs()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def benchmark_upload(request):
    _national_administrator(request)
    form = BenchmarkUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        version = form.cleaned_data["framework_version"]
        name = form.cleaned_data["name"]
        preview = _preview(content, upload.name, version, name)
        if not preview.ok:  # nothing worth keeping: say why, keep nothing
            return _render_preview(request, preview, name, version, token=None, status=400)
        token = upload_keep(
            content=content,
            file_name=upload.name,
            name=name,
            version_id=version.pk,
            by=request.user,
        )
        return _see_other(reverse("reports:benchmark_preview", args=[token]))
    return render(
        request,
        "reports/benchmarks/upload.jinja",
        {"form": form, "breadcrumbs": _crumbs((reverse("reports:benchmark_upload"), "Import"))},
        status=400 if form.errors else 200,
    )


def _preview(content: bytes, file_name: str, version, name: str):
    preview = benchmark_preview(content=content, file_name=file_name, framework_version=version)
    if Benchmark.objects.filter(name=name).exists():
        preview.problems.insert(0, Problem(None, "Name", f"A benchmark called {name!r} exists."))
    return preview


def _render_preview(request, preview, name, version, *, token, status=200):
    return render(
        request,
        "reports/benchmarks/preview.jinja",
        {
            "preview": preview,
            "name": name,
            "version": version,
            "token": token,
            "breadcrumbs": _crumbs((reverse("reports:benchmark_upload"), "Import")),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def benchmark_confirm(request, token: str):
    """GET: the preview of a kept upload. POST: import it (or cancel), then forget the file."""
    _national_administrator(request)
    upload = upload_open(token, request.user)
    version = FrameworkVersion.objects.select_related("framework").get(pk=upload.version_id)
    content = upload_read(upload)
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            upload_discard(upload)
            messages.info(request, "The upload was cancelled: nothing was imported.")
            return _see_other(reverse("reports:benchmarks"))
        try:
            benchmark = benchmark_import(
                content=content,
                file_name=upload.file_name,
                name=upload.name,
                framework_version=version,
                by=request.user,
            )
        except BenchmarkImportError as error:
            preview = _preview(content, upload.file_name, version, upload.name)
            preview.problems = error.problems
            return _render_preview(request, preview, upload.name, version, token=None, status=400)
        upload_discard(upload)
        messages.success(
            request,
            f"Imported {benchmark.name}: {benchmark.organisation_count} organisations.",
        )
        return _see_other(reverse("reports:benchmarks"))
    preview = _preview(content, upload.file_name, version, upload.name)
    return _render_preview(
        request,
        preview,
        upload.name,
        version,
        token=token if preview.ok else None,
        status=200 if preview.ok else 400,
    )
