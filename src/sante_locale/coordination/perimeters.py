"""The perimeter of a dispositif: an official unit (commune, EPCI, département, région) or a
custom territory the user may see; its communes and its population."""

from __future__ import annotations

from django.db.models import Sum

from sante_locale.accounts.access import allowed
from sante_locale.territories.lookup import LEVEL_LABELS, UnknownTerritory, resolve
from sante_locale.territories.models import Commune, Territory


class PerimeterError(ValueError):
    """A perimeter that cannot be used; the message is French and says what to do."""


def communes_of(level: str, code: str, territory: Territory | None = None):
    """Queryset of the communes of a perimeter (``level``/``code``, or the custom ``territory``)."""
    if level == "territoire":
        return territory.communes.all() if territory is not None else Commune.objects.none()
    if level == "commune":
        return Commune.objects.filter(insee_code=code)
    if level == "epci":
        return Commune.objects.filter(epci__epci_siren=code, kind="COM")
    if level == "departement":
        return Commune.objects.filter(departement__departement_code=code, kind="COM")
    if level == "region":
        return Commune.objects.filter(departement__region__region_code=code, kind="COM")
    raise PerimeterError(f"Niveau de périmètre inconnu « {level} ».")


def dispositif_communes(dispositif):
    """Queryset of the communes a dispositif covers."""
    return communes_of(dispositif.perimeter_level, dispositif.perimeter_code, dispositif.perimeter_territory)


def population_of(dispositif) -> int | None:
    """Municipal population of the whole perimeter (``None`` when unknown)."""
    return dispositif_communes(dispositif).aggregate(p=Sum("population"))["p"]


def resolve_official(text: str, user):
    """The official unit or custom territory typed as ``text`` (a code such as ``62498``,
    ``epci:246200364``, ``62``, ``region:32``, or the name of a visible custom territory).

    Returns ``(level, code, territory)``; raises :class:`PerimeterError` in French.
    """
    try:
        unit = resolve(text, user)
    except UnknownTerritory as exc:
        raise PerimeterError(str(exc)) from exc
    if isinstance(unit, Territory):
        return check_territory(unit, user)
    if unit.level == "commune" and getattr(unit, "kind", "COM") != "COM":
        raise PerimeterError(f"{unit.name} est un {unit.kind_label.lower()} : donnez le code de sa commune.")
    return unit.level, unit.code, None


def check_territory(territory: Territory, user) -> tuple[str, str, Territory]:
    """A custom territory as a perimeter, if ``user`` may see it."""
    if not allowed(user, "territories.view_territory", territory):
        raise PerimeterError("Territoire personnalisé introuvable : choisissez-en un que votre compte peut voir.")
    if not territory.communes.exists():
        raise PerimeterError(f"Le territoire « {territory.name} » n'a aucune commune : complétez-le d'abord.")
    return "territoire", territory.slug, territory


def describe(dispositif) -> str:
    """« EPCI Communauté d'agglomération de Lens - Liévin (246200364) »."""
    if dispositif.perimeter_level == "territoire" and dispositif.perimeter_territory_id:
        return f"territoire personnalisé « {dispositif.perimeter_territory.name} »"
    try:
        unit = dispositif.perimeter
    except UnknownTerritory:
        return f"{LEVEL_LABELS.get(dispositif.perimeter_level, dispositif.perimeter_level)} {dispositif.perimeter_code}"
    return f"{LEVEL_LABELS[dispositif.perimeter_level]} {unit.name} ({unit.code})"
