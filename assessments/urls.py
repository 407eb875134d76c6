from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("my/", views.home, name="home"),
    path("regions/", views.region_list, name="regions"),
    path("regions/<str:ods_code>/", views.region_detail, name="region"),
    path("systems/", views.system_list, name="systems"),
    path("systems/<str:ods_code>/", views.system_detail, name="system"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<str:ods_code>/", views.organisation_detail, name="organisation"),
]
