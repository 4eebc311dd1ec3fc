from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "sante_locale.coordination"
    verbose_name = "coordination des dispositifs"
