"""The one source of the current date and time (Europe/Paris).

Every "now", "today" and "this year" in the product comes from here, so that tests can freeze
time in one place (``time-machine``) and ages computed from birth years, file stamps and
date-dependent cache keys all agree on the same day.

Examples
--------
>>> from sante_locale.core import clock
>>> clock.now().tzinfo.key
'Europe/Paris'
>>> clock.current_year() == clock.today().year
True
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

__all__ = ["PARIS", "current_year", "now", "today"]


def now() -> dt.datetime:
    """The current time, aware, in Europe/Paris."""
    return dt.datetime.now(PARIS)


def today() -> dt.date:
    """Today's date in Europe/Paris."""
    return now().date()


def current_year() -> int:
    """This year in Europe/Paris (the year ages are computed for)."""
    return today().year
