from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "sante_locale.territories"
    verbose_name = "territoires"
