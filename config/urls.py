from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import views
from .api.problems import not_found as api_not_found
from .api.reference import ApiReferenceView

urlpatterns = [
    # The start page belongs to assessments but keeps its plain name `start` (no namespace).
    path("", include("assessments.start_urls")),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("frameworks/", include("frameworks.urls")),
    path("", include("assessments.urls")),
    path("results/", include("reports.urls")),
    path("admin/", admin.site.urls),
    # The API (README "The API"): each app's endpoints under /api/v1/, the OpenAPI schema and
    # its reference page (drawn from the schema on the server); any other /api/ path is a 404 problem.
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", ApiReferenceView.as_view(), name="api-docs"),
    path("api/v1/", include("assessments.api.urls")),
    path("api/v1/", include("reports.api.urls")),
    path("api/v1/", include("frameworks.api.urls")),
    re_path(r"^api/", api_not_found),
]

handler400 = "config.views.bad_request"
handler404 = "config.views.not_found"
handler403 = "config.views.forbidden"
handler500 = "config.views.server_error"
