"""French number formatting in templates: ``{{ value|fr:1 }}``, ``{{ share|pourcent }}``."""

from django import template

from sante_locale.core.formats import fr_number

register = template.Library()


@register.filter
def fr(value, decimals=0):
    """``None`` or NaN → « n.d. »; otherwise a French number with ``decimals`` digits."""
    if value is None or value == "":
        return "n.d."
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if number != number:
        return "n.d."
    return fr_number(number, int(decimals))


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def attr_list(obj, name):
    """The list attribute ``name`` of ``obj`` (empty when absent)."""
    value = getattr(obj, name, None)
    return value if isinstance(value, list | tuple | set) else []
