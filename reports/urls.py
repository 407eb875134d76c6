from django.urls import path

from .views import benchmarks, documents, exports, organisation

app_name = "reports"

# Downloads of figures (views/exports.py).
export_patterns = [
    path("exports/", exports.download_page, name="exports"),
    path(
        "rounds/<int:round_id>/nation/figures.<str:fmt>",
        exports.figures,
        name="export_nation_figures",
    ),
    path(
        "rounds/<int:round_id>/<str:scope>/<str:code>/figures.<str:fmt>",
        exports.figures,
        name="export_figures",
    ),
    path(
        "rounds/<int:round_id>/<str:scope>/<str:code>/organisations.<str:fmt>",
        exports.organisations,
        name="export_organisations",
    ),
]

# Importing published national results as benchmarks (views/benchmarks.py).
benchmark_patterns = [
    path("benchmarks/", benchmarks.benchmark_list, name="benchmarks"),
    path("benchmarks/import/", benchmarks.benchmark_upload, name="benchmark_upload"),
    path("benchmarks/import/<str:token>/", benchmarks.benchmark_confirm, name="benchmark_preview"),
]

# An organisation's position in its system, region and nation, and its trend (views/organisation.py).
organisation_patterns = [
    path(
        "assessments/<int:pk>/position/",
        organisation.organisation_position,
        name="organisation_position",
    ),
]

# Documents: request, follow, download; a region's batch (views/documents.py).
document_patterns = [
    path("systems/<str:ods_code>/documents/", documents.system_documents, name="system_documents"),
    path(
        "organisations/<str:ods_code>/documents/",
        documents.organisation_documents,
        name="organisation_documents",
    ),
    path("regions/<str:ods_code>/documents/", documents.region_documents, name="region_documents"),
    path("documents/<int:pk>/download/", documents.download, name="download"),
    path("documents/batches/<int:pk>/", documents.batch, name="batch"),
]

urlpatterns = [*export_patterns, *benchmark_patterns, *organisation_patterns, *document_patterns]
