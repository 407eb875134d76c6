"""The start page, at the site's root and outside the `assessments` namespace: templates, views
and settings name it plainly (`url("start")`, `LOGIN_REDIRECT_URL = "start"`)."""

from django.urls import path

from .views.people import accept
from .views.start import about, start

urlpatterns = [
    path("", start, name="start"),
    path("about/", about, name="about"),
    # An invitation's single-use link, outside the namespace like the sign-in page it leads to.
    path("invitations/<str:token>/", accept, name="invitation"),
]
