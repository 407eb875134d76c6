"""The routes of assessments' API, under /api/v1/ (config/urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import evidence, rounds, views

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="api-region")
router.register("systems", views.SystemViewSet, basename="api-system")
router.register("organisations", views.OrganisationViewSet, basename="api-organisation")
router.register("assessments", views.AssessmentViewSet, basename="api-assessment")
router.register("rounds", rounds.RoundViewSet, basename="api-round")

answers = views.AnswerViewSet
evidence_views = evidence.EvidenceViewSet
urlpatterns = [
    *router.urls,
    path(
        "assessments/<int:assessment_pk>/answers/",
        answers.as_view({"get": "list"}),
        name="api-answer-list",
    ),
    path(
        "assessments/<int:assessment_pk>/answers/<slug:question_key>/",
        answers.as_view({"get": "retrieve", "put": "update"}),
        name="api-answer-detail",
    ),
    path(
        "assessments/<int:assessment_pk>/evidence/",
        evidence_views.as_view({"get": "list", "post": "create"}),
        name="api-evidence-list",
    ),
    path(
        "assessments/<int:assessment_pk>/evidence/<int:evidence_pk>/",
        evidence_views.as_view({"delete": "destroy"}),
        name="api-evidence-detail",
    ),
    path(
        "assessments/<int:assessment_pk>/evidence/<int:evidence_pk>/download/",
        evidence_views.as_view({"get": "download"}),
        name="api-evidence-download",
    ),
]
