from django.urls import path

from palermo_web.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.submission_list, name="submissions"),
    path("new/", views.upload, name="upload"),
    path("uploads/<int:pk>/", views.upload_detail, name="upload_detail"),
    path("<int:pk>/", views.submission_detail, name="detail"),
    path("templates/<str:kind>.xlsx", views.template_download, name="template"),
    path("mappings/<slug:organisation_id>/<str:kind>/", views.mapping, name="mapping"),
    path(
        "mappings/<slug:organisation_id>/<str:kind>.yaml",
        views.mapping_download,
        name="mapping_download",
    ),
]
