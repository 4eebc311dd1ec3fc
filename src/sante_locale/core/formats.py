"""Numbers written the French way: no-break space between thousands, decimal comma."""

from __future__ import annotations

import math

NBSP = "\xa0"


def fr_number(value, decimals: int = 0) -> str:
    """Format a number in French; ``None`` and NaN give an em dash.

    Examples
    --------
    >>> fr_number(1468018)
    '1\\xa0468\\xa0018'
    >>> fr_number(2.456, 2), fr_number(None), fr_number(float("nan"))
    ('2,46', '—', '—')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float) and math.isinf(value):
        return "∞"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def fr_percent(share, decimals: int = 1) -> str:
    """A share (0–1) as a French percentage.

    Examples
    --------
    >>> fr_percent(0.1874)
    '18,7\\xa0%'
    """
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "—"
    return f"{fr_number(share * 100, decimals)}{NBSP}%"
