from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    # The start page belongs to assessments but keeps its plain name `start` (no namespace).
    path("", include("assessments.start_urls")),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("frameworks/", include("frameworks.urls")),
    path("", include("assessments.urls")),
    path("results/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "config.views.bad_request"
handler404 = "config.views.not_found"
handler403 = "config.views.forbidden"
handler500 = "config.views.server_error"
