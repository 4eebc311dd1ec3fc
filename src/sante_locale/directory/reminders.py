"""Freshness: services due for an update by their own frequency, with who should update them."""

from __future__ import annotations

from dataclasses import dataclass

from sante_locale.core import clock
from sante_locale.directory.models import Service


@dataclass
class Reminder:
    service: Service
    days_since_update: int
    overdue_days: int
    editors: list[str]


def due(services=None) -> list[Reminder]:
    """Services whose last update is older than their frequency, most overdue first."""
    from sante_locale.accounts.models import Role
    from sante_locale.structures.models import Structure

    today = clock.today()
    services = (services if services is not None else Service.objects.all()).select_related("structure")
    out = []
    for service in services:
        age = (today - service.updated_on).days
        if age > service.update_every_days:
            editors = [r.user.username for r in Role.objects.filter(kind="editor").on(service.structure)
                       .select_related("user")] if isinstance(service.structure, Structure) else []
            out.append(Reminder(service, age, age - service.update_every_days, sorted(editors)))
    out.sort(key=lambda r: (-r.overdue_days, r.service.name))
    return out
