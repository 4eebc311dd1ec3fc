from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "sante_locale.www"
    verbose_name = "site web"
