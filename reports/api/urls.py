"""The routes of reports' API, under /api/v1/ (config/urls.py)."""

from django.urls import path

from . import batches, documents, plans, views

urlpatterns = [
    path(
        "systems/<str:code>/figures/",
        views.FiguresView.as_view(kind="system"),
        name="api-system-figures",
    ),
    path(
        "regions/<str:code>/figures/",
        views.FiguresView.as_view(kind="region"),
        name="api-region-figures",
    ),
    path("nation/figures/", views.FiguresView.as_view(kind="nation"), name="api-nation-figures"),
    path(
        "systems/<str:code>/organisation-scores/",
        views.OrganisationScoresView.as_view(kind="system"),
        name="api-system-organisation-scores",
    ),
    path(
        "regions/<str:code>/organisation-scores/",
        views.OrganisationScoresView.as_view(kind="region"),
        name="api-region-organisation-scores",
    ),
]

reports = documents.ReportViewSet
urlpatterns += [
    path("reports/", reports.as_view({"get": "list", "post": "create"}), name="api-reports"),
    path("reports/<int:pk>/", reports.as_view({"get": "retrieve"}), name="api-report"),
    path(
        "reports/<int:pk>/download/",
        reports.as_view({"get": "download"}),
        name="api-report-download",
    ),
]

urlpatterns += [
    path(
        "regions/<str:code>/document-batches/",
        batches.RegionBatchesView.as_view(),
        name="api-region-document-batches",
    ),
    path("document-batches/<int:pk>/", batches.BatchView.as_view(), name="api-document-batch"),
]

urlpatterns += [
    path("plans/", plans.PlanViewSet.as_view({"get": "list", "post": "create"}), name="api-plans"),
    path("plans/<int:pk>/", plans.PlanViewSet.as_view({"get": "retrieve"}), name="api-plan"),
    path(
        "plans/<int:pk>/versions/<int:number>/",
        plans.PlanViewSet.as_view({"get": "version"}),
        name="api-plan-version",
    ),
    path(
        "plans/<int:pk>/targets/",
        plans.PlanViewSet.as_view({"put": "targets"}),
        name="api-plan-targets",
    ),
    path(
        "plans/<int:pk>/actions/",
        plans.PlanViewSet.as_view({"post": "add_action"}),
        name="api-plan-actions",
    ),
    path(
        "plans/<int:pk>/actions/<int:action_pk>/",
        plans.PlanViewSet.as_view({"patch": "change_action"}),
        name="api-plan-action",
    ),
    path(
        "plans/<int:pk>/agree/", plans.PlanViewSet.as_view({"post": "agree"}), name="api-plan-agree"
    ),
    path(
        "plans/<int:pk>/new-draft/",
        plans.PlanViewSet.as_view({"post": "new_draft"}),
        name="api-plan-new-draft",
    ),
    path(
        "plans/<int:pk>/refresh/",
        plans.PlanViewSet.as_view({"post": "refresh"}),
        name="api-plan-refresh",
    ),
    path(
        "plans/<int:pk>/history/",
        plans.PlanViewSet.as_view({"get": "history"}, pagination_class=None),
        name="api-plan-history",
    ),
]
