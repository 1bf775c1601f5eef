from django.urls import path

from palermo_web.cases import actions, views, views_analyst

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("screening/", views.screen, name="screen"),
    path("screening/sheets/<str:profile>/", views.prompt_sheet, name="sheet"),
    path("new/", views.register, name="register"),
    path("evaluation/", views_analyst.evaluation, name="evaluation"),
    path("evaluation/export/", views_analyst.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/letters/<int:seq>/", views.letter, name="letter"),
    path("<int:pk>/move/", actions.move, name="move"),
    path("<int:pk>/consent/", actions.consent, name="consent"),
    path("<int:pk>/age/", actions.age, name="age"),
    path("<int:pk>/guardian/", actions.guardian, name="guardian"),
    path("<int:pk>/best-interests/", actions.best_interests, name="best_interests"),
    path("<int:pk>/extend/", actions.extend, name="extend"),
    path("<int:pk>/permit/", actions.permit, name="permit"),
    path("<int:pk>/identity/", actions.identity, name="identity"),
    path("<int:pk>/refer/", actions.refer, name="refer"),
    path("<int:pk>/erase/", actions.erase, name="erase"),
    path("referrals/<int:pk>/<str:action>/", actions.respond, name="referral_respond"),
]
