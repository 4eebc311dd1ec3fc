from django.apps import AppConfig


class PortraitsConfig(AppConfig):
    name = "sante_locale.portraits"
    verbose_name = "portraits de territoire"
