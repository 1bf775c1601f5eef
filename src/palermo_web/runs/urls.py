from django.urls import path

from palermo_web.runs import views

app_name = "runs"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("<int:pk>/", views.run_detail, name="detail"),
    path("clerical/", views.clerical, name="clerical"),
    path("<int:pk>/outputs/<int:index>/", views.run_output, name="output"),
]
