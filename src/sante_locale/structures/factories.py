"""Test factories for structures and people (used by the test suite only; needs factory_boy)."""

import factory

from sante_locale.structures.models import Person, Structure


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"Association de santé n° {n}")
    kind = "association"

    class Params:
        ars = factory.Trait(name="ARS Hauts-de-France", kind="ars")
        epci = factory.Trait(name="Communauté d'agglomération de Lens-Liévin", kind="epci")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    function = "chargée de mission"
    structure = factory.SubFactory(StructureFactory)
    email = factory.LazyAttribute(lambda p: f"{p.first_name.lower()}.{p.last_name.lower()}@example.org")
