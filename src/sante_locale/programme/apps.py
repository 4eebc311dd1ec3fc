from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "sante_locale.programme"
    verbose_name = "programme d'actions et évaluation"
