"""Test factories for coordination (used by the test suite only; needs factory_boy)."""

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from sante_locale.coordination.models import (
    Body,
    Decision,
    Dispositif,
    DispositifKind,
    Funding,
    Meeting,
    Partnership,
)
from sante_locale.structures.factories import PersonFactory, StructureFactory


class DispositifFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispositif

    name = factory.Sequence(lambda n: f"CLS d'essai {n}")
    kind = factory.LazyFunction(lambda: DispositifKind.objects.get(key="cls"))
    perimeter_level = "epci"
    perimeter_code = "246200364"
    carrier = factory.SubFactory(StructureFactory, epci=True)
    coordinator = factory.SubFactory(PersonFactory)
    coordinator_fte = 1
    starts_on = dt.date(2019, 9, 1)
    ends_on = dt.date(2024, 8, 31)

    class Params:
        public = factory.Trait(is_public=True)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    dispositif = factory.SubFactory(DispositifFactory)
    structure = factory.SubFactory(StructureFactory)
    role = "partner"


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    dispositif = factory.SubFactory(DispositifFactory)
    funder = factory.SubFactory(StructureFactory, ars=True)
    amount = 40000
    year = 2025
    purpose = "poste de coordination"


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Comité de pilotage {n}")
    kind = "copil"

    @factory.post_generation
    def dispositifs(self, create, extracted, **kwargs):
        if create:
            self.dispositifs.set(extracted or [DispositifFactory()])


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    title = "Comité de pilotage annuel"
    starts_at = dt.datetime(2026, 12, 10, 14, 0, tzinfo=ZoneInfo("Europe/Paris"))
    ends_at = dt.datetime(2026, 12, 10, 16, 0, tzinfo=ZoneInfo("Europe/Paris"))
    place = "Hôtel communautaire, Lens"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = "Rédiger la fiche action sur l'accès aux soins des personnes âgées."
    owner = factory.SubFactory(PersonFactory)
    due_on = dt.date(2027, 1, 31)
