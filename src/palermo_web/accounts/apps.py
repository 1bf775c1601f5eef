from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "palermo_web.accounts"
    label = "accounts"
    verbose_name = "Accounts"
