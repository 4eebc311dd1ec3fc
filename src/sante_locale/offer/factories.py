"""Test factories for the health supply (test suite only; needs factory_boy)."""

import factory

from sante_locale.offer.models import Activity, Establishment, PracticeSite, Professional


class ProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Professional

    rpps_id = factory.Sequence(lambda n: f"1{n:010d}")
    profession = "medecin_generaliste"
    last_name = factory.Faker("last_name", locale="fr_FR")
    first_name = factory.Faker("first_name", locale="fr_FR")
    vintage = "2026-05-12"

    class Params:
        fictive_demo = factory.Trait(fictive=True, vintage="démo", rpps_id=factory.Sequence(lambda n: f"DEMO{n:06d}"))


class PracticeSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeSite

    site_key = factory.Sequence(lambda n: f"S{n:014d}")
    name = factory.Faker("company", locale="fr_FR")
    vintage = "2026-05-12"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    professional = factory.SubFactory(ProfessionalFactory)
    site = factory.SubFactory(PracticeSiteFactory)
    profession = factory.SelfAttribute("professional.profession")
    mode = "L"


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    finess_code = factory.Sequence(lambda n: f"62{n:07d}")
    name = factory.Faker("company", locale="fr_FR")
    category_code = "603"
    category_label = "Maison de santé (L.6223-3)"
    kind = "msp"
    vintage = "2026-05-12"
