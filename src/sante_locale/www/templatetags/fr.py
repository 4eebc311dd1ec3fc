"""French formatting in templates, from ``core.formats`` and the indicator registry:
``{{ value|fr:2 }}``, ``{{ change|signe:2 }}``, ``{{ share|pourcent }}``,
``{{ apl|indicateur:"apl" }}`` (the registry's decimals), ``{{ moment|date_heure }}``."""

from django import template

from sante_locale.core import formats
from sante_locale.core.indicators import shown

register = template.Library()


def _number(value):
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


@register.filter
def fr(value, decimals=0):
    """``None`` or NaN → « n.d. »; otherwise a French number with ``decimals`` digits."""
    number = _number(value)
    if number is None:
        return value if isinstance(value, str) and value else "n.d."
    return formats.fr_number(number, int(decimals))


@register.filter
def signe(value, decimals=0):
    """A change, signed: « +0,12 », « −0,04 »."""
    number = _number(value)
    return "n.d." if number is None else formats.fr_signed(number, int(decimals))


@register.filter
def pourcent(share, decimals=1):
    """A share (0–1) as « 18,7 % »."""
    number = _number(share)
    return "n.d." if number is None else formats.fr_percent(number, int(decimals))


@register.filter
def indicateur(value, key):
    """``value`` rounded and written with the decimals of indicator ``key`` (« n.d. » if missing)."""
    number = _number(value)
    return "n.d." if number is None else shown(key, number)


@register.filter
def date_heure(moment):
    """« 3 décembre 2026 à 12 h 00 » (local time)."""
    from django.utils import timezone

    if not moment:
        return "n.d."
    return formats.fr_datetime(timezone.localtime(moment) if timezone.is_aware(moment) else moment)


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def sort_value(value):
    """The number a sortable column sorts on (« -1 » for a missing or unavailable value)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "-1"
    return "-1" if number != number else repr(number)


@register.filter
def attr_list(obj, name):
    """The list attribute ``name`` of ``obj`` (empty when absent)."""
    value = getattr(obj, name, None)
    return value if isinstance(value, list | tuple | set) else []
