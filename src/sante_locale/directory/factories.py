"""Test factories for the directory (used by the test suite only; needs factory_boy)."""

import factory

from sante_locale.directory.models import DirectoryProfile, MobileStop, Service, TemporaryClosure
from sante_locale.structures.factories import StructureFactory


class DirectoryProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectoryProfile

    structure = factory.SubFactory(StructureFactory)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    structure = factory.LazyAttribute(lambda o: DirectoryProfileFactory().structure)
    name = factory.Sequence(lambda n: f"Permanence santé n° {n}")
    description = "Une infirmière vous reçoit sans rendez-vous. Elle vous aide à trouver un médecin."
    themes = factory.LazyFunction(lambda: ["sante-locale--mediation-en-sante"])
    audiences = factory.LazyFunction(lambda: ["tous-publics"])
    fees = "gratuit"
    phone = "+33321000000"
    insee_code = "62498"
    commune_name = "Lens"
    postcode = "62300"
    address = "1 rue de la Gare"
    opening_hours = "Mo-Fr 09:00-17:00; PH off"
    reception_modes = factory.LazyFunction(lambda: ["en-presentiel"])

    class Params:
        unpublished = factory.Trait(is_published=False)
        in_lievin = factory.Trait(insee_code="62510", commune_name="Liévin", postcode="62800")
        in_arras = factory.Trait(insee_code="62041", commune_name="Arras", postcode="62000")


class MobileStopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MobileStop

    service = factory.SubFactory(ServiceFactory)
    place = "Place du marché"
    opening_hours = "We 09:00-12:00"


class TemporaryClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TemporaryClosure

    service = factory.SubFactory(ServiceFactory)
    starts_on = factory.Faker("date_this_year")
    ends_on = factory.LazyAttribute(lambda o: o.starts_on)
