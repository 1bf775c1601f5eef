from django.urls import path

from palermo_web.accounts import manage, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("account/", views.account, name="account"),
    path("account/two-factor/", views.two_factor, name="two_factor"),
    path("account/tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("language/", views.set_language, name="set_language"),
    path("admin/organisations/", manage.organisations, name="organisations"),
    path("admin/users/", manage.users, name="users"),
    path(
        "admin/users/<int:pk>/reset-two-factor/",
        manage.reset_two_factor,
        name="reset_two_factor",
    ),
    path("admin/users/<int:pk>/active/", manage.set_active, name="set_active"),
    path("admin/users/<int:pk>/unlock/", manage.unlock, name="unlock"),
]
