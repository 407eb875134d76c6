from django.urls import path

from .views import benchmarks, exports

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

urlpatterns = [*export_patterns, *benchmark_patterns]
