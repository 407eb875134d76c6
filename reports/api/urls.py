"""The routes of reports' API, under /api/v1/ (config/urls.py)."""

from django.urls import path

from . import documents, plans, views

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
    path("plans/", plans.PlanViewSet.as_view({"get": "list"}), name="api-plans"),
    path("plans/<int:pk>/", plans.PlanViewSet.as_view({"get": "retrieve"}), name="api-plan"),
    path(
        "plans/<int:pk>/versions/<int:number>/",
        plans.PlanViewSet.as_view({"get": "version"}),
        name="api-plan-version",
    ),
]
