from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sante_locale.accounts"
    verbose_name = "comptes et rôles"
