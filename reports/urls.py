"""The system, regional and national pages, under /results/ (namespace "reports")."""

from django.urls import path

from .views import comparison, systems

app_name = "reports"

urlpatterns = [
    path("systems/<str:ods_code>/", systems.system_dashboard, name="system"),
    path("regions/<str:ods_code>/", comparison.region_comparison, name="region"),
    path("national/", comparison.national_view, name="national"),
]
