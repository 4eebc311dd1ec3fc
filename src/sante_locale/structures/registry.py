"""Reading the structures registry: search, the dispositifs a structure takes part in, what
still needs a person before erasure."""

from __future__ import annotations

from django.db.models import Q

from sante_locale.core.geo import normalize_name
from sante_locale.structures.models import Person, Structure


def search_structures(query: str = "", kind: str = ""):
    """Structures whose name contains ``query`` (accents and case ignored) or whose SIRET or
    FINESS starts with it, of ``kind`` when given."""
    qs = Structure.objects.select_related("commune")
    query = (query or "").strip()
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        digits = query.replace(" ", "")
        condition = Q(name__icontains=query) | Q(siret__startswith=digits) | Q(finess_code__startswith=digits)
        folded = normalize_name(query)
        if folded and folded != query.lower():
            condition |= Q(name__icontains=folded)
        qs = qs.filter(condition)
    return qs.order_by("name")


def structure_dispositifs(structure: Structure, user) -> list[tuple[object, str]]:
    """Dispositifs ``user`` may see that ``structure`` carries or takes part in, with the role."""
    from sante_locale.coordination.models import Dispositif, Partnership

    visible = Dispositif.objects.visible_to(user)
    out = [(d, "porteur") for d in visible.filter(carrier=structure).select_related("kind")]
    for p in Partnership.objects.filter(structure=structure, dispositif__in=visible).select_related("dispositif"):
        out.append((p.dispositif, p.get_role_display()))
    return sorted(out, key=lambda t: (t[0].name, t[1]))


def person_uses(person: Person) -> str:
    """What keeps ``person`` from being erased (decisions they own), in French; empty if none."""
    n = person.decisions.count()
    return f"{n} décision{'s' if n > 1 else ''}" if n else ""
