from django.apps import AppConfig


class OfferConfig(AppConfig):
    name = "sante_locale.offer"
    verbose_name = "offre de soins"
