"""The routes of frameworks' API, under /api/v1/ (config/urls.py)."""

from django.urls import path

from .views import VersionViewSet

urlpatterns = [
    path(
        "framework-versions/",
        VersionViewSet.as_view({"get": "list"}),
        name="api-framework-versions",
    ),
    path(
        "frameworks/<slug:framework>/diff/",
        VersionViewSet.as_view({"get": "diff"}),
        name="api-framework-diff",
    ),
    path(
        "frameworks/<slug:framework>/versions/<str:version>/",
        VersionViewSet.as_view({"get": "retrieve"}),
        name="api-framework-version",
    ),
    path(
        "frameworks/<slug:framework>/versions/<str:version>/export.yaml",
        VersionViewSet.as_view({"get": "export"}),
        name="api-framework-version-export",
    ),
]
