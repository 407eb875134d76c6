"""The routes of reports' API, under /api/v1/ (config/urls.py)."""

from django.urls import path

from . import views

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
