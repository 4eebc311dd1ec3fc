from django.apps import AppConfig


class StructuresConfig(AppConfig):
    name = "sante_locale.structures"
    verbose_name = "structures et personnes"
