from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "sante_locale.directory"
    verbose_name = "annuaire des services"
