"""The pages of reports, under /results/ (namespace "reports")."""

from django.urls import path, register_converter

from .views import plans


class PlanKind:
    """Whose plans: "systems" or "organisations"."""

    regex = "systems|organisations"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PlanKind, "plan_kind")

app_name = "reports"

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

urlpatterns = [*plan_patterns]
