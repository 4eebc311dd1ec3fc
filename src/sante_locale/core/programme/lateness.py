"""When is the next value of an indicator due, and is it late?

A value is expected every period of the indicator's frequency (:data:`~.vocab.FREQUENCIES`)
after the last value (or, before any value, after the baseline, else the start of the
action); it is late once a grace period has passed after that date.

Examples
--------
>>> import datetime as dt
>>> next_due(dt.date(2025, 1, 31), "quarterly")
datetime.date(2025, 4, 30)
>>> is_late(dt.date(2025, 1, 31), "yearly", today=dt.date(2026, 3, 30))
True
>>> is_late(dt.date(2025, 1, 31), "yearly", today=dt.date(2026, 2, 27))
False
>>> is_late(None, "yearly", today=dt.date(2026, 3, 1)) is False
True
"""

from __future__ import annotations

import calendar
import datetime as dt

from sante_locale.core.programme.vocab import FREQUENCIES

__all__ = ["GRACE_DAYS", "add_months", "is_late", "next_due"]

#: Days allowed after the due date before a value counts as late.
GRACE_DAYS = 30


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` (the last day of a shorter month when needed)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(since: dt.date | None, frequency: str) -> dt.date | None:
    """The date the next value is expected, one period after ``since`` (``None`` without a start)."""
    if since is None:
        return None
    if frequency not in FREQUENCIES:
        raise ValueError(f"Périodicité inconnue « {frequency} » : choisissez parmi {', '.join(FREQUENCIES)}.")
    return add_months(since, FREQUENCIES[frequency][1])


def is_late(since: dt.date | None, frequency: str, *, today: dt.date, grace_days: int = GRACE_DAYS) -> bool:
    """Whether the value due after ``since`` is overdue by more than ``grace_days`` at ``today``."""
    due = next_due(since, frequency)
    return due is not None and today > due + dt.timedelta(days=grace_days)
