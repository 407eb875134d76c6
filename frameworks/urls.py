from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.framework_list, name="list"),
    path("author/", views.author_home, name="author"),
    path("<slug:framework_key>/compare/", views.version_compare, name="compare"),
    path("<slug:framework_key>/<str:version>/", views.version_detail, name="version"),
    path("<slug:framework_key>/<str:version>/publish/", views.version_publish, name="publish"),
    path(
        "<slug:framework_key>/<str:version>/new-draft/",
        views.version_new_draft,
        name="new_draft",
    ),
    path(
        "<slug:framework_key>/<str:version>/download/",
        views.version_download,
        name="download",
    ),
]
