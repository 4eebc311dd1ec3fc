from django.db import models
from simple_history.models import HistoricalRecords


def history(name: str, plural: str, **kwargs) -> HistoricalRecords:
    return HistoricalRecords(verbose_name=f"historique {name}", verbose_name_plural=f"historiques {plural}",
                             **kwargs)


def choices(mapping: dict) -> list[tuple[str, str]]:
    return [(k, v[0] if isinstance(v, tuple) else v) for k, v in mapping.items()]


AMOUNT = {"max_digits": 12, "decimal_places": 2}
VALUE = {"max_digits": 16, "decimal_places": 4}


class ScopedModel(models.Model):
    """A model whose roles count on the dispositifs of the programmes it appears in."""

    class Meta:
        abstract = True

    def programmes(self) -> list:
        raise NotImplementedError

    def role_scope(self) -> list:
        return [p.dispositif for p in self.programmes()]

    @property
    def shown_publicly(self) -> bool:
        """Shown without login: one of its programmes is published by a public dispositif."""
        return any(p.is_public for p in self.programmes())
