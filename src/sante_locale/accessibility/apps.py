from django.apps import AppConfig


class AccessibilityConfig(AppConfig):
    name = "sante_locale.accessibility"
    verbose_name = "accessibilité aux soins"
