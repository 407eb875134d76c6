"""The pages of reports, under /reports/ (namespace "reports")."""

from django.urls import path, register_converter

from .views import benchmarks, exports, plans


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
]

urlpatterns = [*export_patterns, *benchmark_patterns, *plan_patterns]
