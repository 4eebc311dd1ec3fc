"""Writing the dispositif registry: a dispositif with its perimeter (the creator becomes its
coordinator), roles on it. Each function is one transaction; rights are checked by the
caller through :mod:`sante_locale.accounts.access`."""

from __future__ import annotations

from django.db import transaction

from sante_locale.accounts.models import Role, grant
from sante_locale.coordination.models import Dispositif
from sante_locale.territories.custom import name_taken, save_territory


def _perimeter_territory(user, dispositif: Dispositif, communes) -> object:
    """A custom territory made of ``communes`` for ``dispositif`` (shared with logged-in
    users, public if the dispositif is), named after it."""
    base = f"Périmètre — {dispositif.name}"[:140]
    name, n = base, 2
    while name_taken(user, name):
        name, n = f"{base} ({n})", n + 1
    return save_territory(user, name, f"Périmètre du dispositif « {dispositif.name} ».", list(communes),
                          visibility="public" if dispositif.is_public else "shared")


def save_dispositif(user, dispositif: Dispositif, perimeter) -> Dispositif:
    """Save ``dispositif`` (unsaved changes of a form) with ``perimeter``: ``(level, code,
    territory)`` or ``("communes", [Commune…], None)``. A new dispositif gets its creator as
    coordinator."""
    created = dispositif.pk is None
    with transaction.atomic():
        if perimeter is not None:
            level, code, territory = perimeter
            if level == "communes":
                territory = _perimeter_territory(user, dispositif, code)
                level, code = "territoire", territory.slug
            dispositif.perimeter_level, dispositif.perimeter_code = level, code
            dispositif.perimeter_territory = territory
        dispositif.full_clean()
        dispositif.save()
        if created and getattr(user, "pk", None) is not None:
            grant(user, "coordinator", dispositif, by=user)
    return dispositif


def roles_on(dispositif: Dispositif):
    """Roles held on ``dispositif`` (coordinators first)."""
    return Role.objects.on(dispositif).select_related("user", "granted_by").order_by("kind", "user__username")


def give_role(dispositif: Dispositif, user, kind: str, by) -> Role:
    return grant(user, kind, dispositif, by=by if getattr(by, "pk", None) else None)


def last_coordinator(role: Role) -> bool:
    """Whether ``role`` is the only coordinator role of its dispositif."""
    return role.kind == "coordinator" and not Role.objects.filter(
        content_type=role.content_type, object_id=role.object_id, kind="coordinator").exclude(pk=role.pk).exists()
