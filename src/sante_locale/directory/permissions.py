"""Which services a user may edit, as querysets (the list pages filter with these; they
agree with the ``rules`` predicates of :mod:`sante_locale.directory.rules`).

A service may be edited by administrators, by the editors of its structure (``editor``
role on the :class:`~sante_locale.structures.models.Structure`) and by the coordinators of
a dispositif whose perimeter covers the service's commune.
"""

from __future__ import annotations

from django.db.models import Q

from sante_locale.territories.models import Commune


def _is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def covered_communes(user):
    """Communes covered by the dispositifs ``user`` coordinates (a queryset, maybe empty)."""
    from sante_locale.accounts.models import Role
    from sante_locale.coordination.models import Dispositif

    if not (user and user.is_authenticated and user.is_active) or user.pk is None:
        return Commune.objects.none()
    ids = Role.objects.filter(user_id=user.pk).object_ids(Dispositif, ("coordinator",))
    condition = Q(pk__in=[])
    for d in Dispositif.objects.filter(pk__in=ids).only("perimeter_level", "perimeter_code", "perimeter_territory"):
        code = d.perimeter_code
        condition |= {
            "commune": Q(insee_code=code),
            "epci": Q(epci__epci_siren=code),
            "departement": Q(departement__departement_code=code),
            "region": Q(departement__region__region_code=code),
            "territoire": Q(territories=d.perimeter_territory_id),
        }.get(d.perimeter_level, Q(pk__in=[]))
    return Commune.objects.filter(condition)


def edited_structures(user):
    """Primary keys of the structures ``user`` holds the ``editor`` role on."""
    from sante_locale.accounts.models import Role
    from sante_locale.structures.models import Structure

    return Role.objects.filter(user_id=user.pk).object_ids(Structure, ("editor",))


def editable_services(user):
    """Services ``user`` may change (same rule as ``directory.change_service``)."""
    from sante_locale.directory.models import Service

    if _is_admin(user):
        return Service.objects.all()
    if not (user and user.is_authenticated and user.is_active) or user.pk is None:
        return Service.objects.none()
    return Service.objects.filter(Q(structure_id__in=edited_structures(user))
                                  | Q(commune__in=covered_communes(user).values("pk")))


def coordinates_commune(user, commune) -> bool:
    return commune is not None and covered_communes(user).filter(pk=commune.pk).exists()
