from django.urls import path

from .views import organisation

app_name = "reports"

urlpatterns = [
    path(
        "assessments/<int:pk>/position/",
        organisation.organisation_position,
        name="organisation_position",
    ),
]
