from django.urls import path

from .views import documents

app_name = "reports"

urlpatterns = [
    # The documents (views/documents.py)
    path(
        "systems/<str:ods_code>/documents/",
        documents.system_documents,
        name="system_documents",
    ),
    path(
        "organisations/<str:ods_code>/documents/",
        documents.organisation_documents,
        name="organisation_documents",
    ),
    path(
        "regions/<str:ods_code>/documents/",
        documents.region_documents,
        name="region_documents",
    ),
    path("documents/<int:pk>/download/", documents.download, name="download"),
    path("documents/batches/<int:pk>/", documents.batch, name="batch"),
]
