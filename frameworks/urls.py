from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.framework_list, name="list"),
    path("<slug:framework_key>/compare/", views.version_compare, name="compare"),
    path("<slug:framework_key>/<str:version>/", views.version_detail, name="version"),
]
