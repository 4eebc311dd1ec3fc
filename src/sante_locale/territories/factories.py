"""Test factories for territories (test suite only; needs factory_boy)."""

import factory

from sante_locale.accounts.factories import UserFactory
from sante_locale.territories.models import Territory


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"CLS d'essai {n}")
    slug = factory.Sequence(lambda n: f"cls-d-essai-{n}")
    owner = factory.SubFactory(UserFactory)

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if create and extracted:
            self.communes.set(extracted)
