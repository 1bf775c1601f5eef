from django.urls import path

from palermo_web.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:period>/", views.period_view, name="period"),
]
