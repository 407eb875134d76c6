"""Results pages, downloads, benchmarks and transformation plans, under /results/ (namespace
"reports")."""

from django.urls import path, register_converter

from .views import benchmarks, comparison, documents, exports, organisation, plans, systems


class PlanKind:
    """Whose plans: "systems" or "organisations"."""

    regex = "systems|organisations"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PlanKind, "plan_kind")

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

# Transformation plans (views/plans.py), of a system or an organisation.
PLAN = "<plan_kind:kind>/<str:ods_code>/plans/<int:round_id>/"
plan_patterns = [
    path("<plan_kind:kind>/<str:ods_code>/plans/", plans.plans, name="plans"),
    path(PLAN, plans.plan, name="plan"),
    path(PLAN + "targets/", plans.targets, name="plan_targets"),
    path(PLAN + "actions/new/", plans.action, name="plan_action_new"),
    path(PLAN + "actions/<int:pk>/", plans.action, name="plan_action"),
    path(PLAN + "actions/<int:pk>/decide/", plans.decide, name="plan_action_decide"),
    path(PLAN + "agree/", plans.agree, name="plan_agree"),
    path(PLAN + "new-draft/", plans.new_draft, name="plan_new_draft"),
    path(PLAN + "refresh/", plans.refresh_figures, name="plan_refresh"),
]


# An organisation's position in its system, region and nation, and its trend (views/organisation.py).
organisation_patterns = [
    path(
        "assessments/<int:pk>/position/",
        organisation.organisation_position,
        name="organisation_position",
    ),
]

# A system's dashboard, a region's systems compared, the national view (views/systems.py,
# views/comparison.py).
page_patterns = [
    path("systems/<str:ods_code>/", systems.system_dashboard, name="system"),
    path("regions/<str:ods_code>/", comparison.region_comparison, name="region"),
    path("national/", comparison.national_view, name="national"),
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

urlpatterns = [
    *page_patterns,
    *export_patterns,
    *benchmark_patterns,
    *organisation_patterns,
    *plan_patterns,
    *document_patterns,
]
