"""Opening hours: OSM ``opening_hours`` evaluated in Europe/Paris with French public
holidays, temporary closures on top, told in plain French.

The expression is parsed and evaluated by ``opening-hours-py`` (the Rust library of the
OSM specification); French public holidays come from ``holidays`` (with the extra days of
Alsace-Moselle and overseas départements, which the parser's own calendar lacks). The glue
is ours: the parser is used *without* a country, so ``PH`` never matches by itself; for a
day that ``holidays`` calls a public holiday, the same expression is evaluated with
``PH`` replaced by that day's weekday (``Fr``), which matches that day exactly as ``PH``
would (a test compares the two on mainland holidays, which the library's own calendar
knows, nights included). Closures and exceptional hours replace whole
days. Only the sentences are hand-written (no library tells opening hours in French).

Examples
--------
>>> import datetime as dt
>>> at = dt.datetime(2026, 12, 3, 16, 40, tzinfo=PARIS)     # a Thursday
>>> Schedule("Mo-Fr 09:00-17:00; PH off").status(at).sentence
'Ouvert, ferme dans 20 min (17 h)'
>>> Schedule("Mo-Fr 09:00-17:00; PH off").status(dt.datetime(2026, 12, 25, 10, tzinfo=PARIS)).sentence
'Fermé (jour férié : Noël), prochaine ouverture lundi 9 h'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from opening_hours import OpeningHours, ParserError

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS_OSM = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre")
#: how far ahead a "next opening" is looked for
HORIZON_DAYS = 400
SOON_MINUTES = 60
_PH = re.compile(r'"[^"]*"|\bPH\b')

__all__ = ["Closure", "InvalidHours", "PARIS", "Schedule", "Status", "check", "fr_time", "holiday_subdivision"]


class InvalidHours(ValueError):
    """The text is not an OSM ``opening_hours`` expression; the message is French."""


def check(expression: str) -> str:
    """The expression, stripped, or :class:`InvalidHours` with a French explanation.

    Examples
    --------
    >>> check(" Mo-Fr 09:00-12:00 ")
    'Mo-Fr 09:00-12:00'
    >>> check("lundi 9h-12h")
    Traceback (most recent call last):
    ...
    sante_locale.core.hours.InvalidHours: Horaires « lundi 9h-12h » illisibles : écrivez-les au format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,14:00-17:00; PH off » (jours en anglais abrégé Mo Tu We Th Fr Sa Su, heures sur 24 h avec deux chiffres, PH pour les jours fériés).
    """
    text = (expression or "").strip()
    try:
        _parse(text)
    except InvalidHours:
        raise
    return text


@lru_cache(maxsize=4096)
def _parse(expression: str) -> OpeningHours:
    try:
        return OpeningHours(expression, timezone=PARIS)
    except (ParserError, SyntaxError, ValueError) as exc:
        raise InvalidHours(
            f"Horaires « {expression} » illisibles : écrivez-les au format OpenStreetMap, par exemple "
            "« Mo-Fr 09:00-12:00,14:00-17:00; PH off » (jours en anglais abrégé Mo Tu We Th Fr Sa Su, "
            "heures sur 24 h avec deux chiffres, PH pour les jours fériés).") from exc


def _with_holidays(expression: str, weekdays: tuple[int, ...]) -> OpeningHours:
    """The expression where ``PH`` means the given weekdays (comments left untouched)."""
    if not weekdays:
        return _parse(expression)
    days = ",".join(WEEKDAYS_OSM[w] for w in weekdays)
    return _parse(_PH.sub(lambda m: m.group(0) if m.group(0).startswith('"') else days, expression))


def holiday_subdivision(departement_code: str | None) -> str | None:
    """The ``holidays`` subdivision of a département: Alsace, Moselle and overseas have more
    public holidays.

    Examples
    --------
    >>> holiday_subdivision("67"), holiday_subdivision("57"), holiday_subdivision("974"), holiday_subdivision("62")
    ('6AE', '57', '974', None)
    """
    code = (departement_code or "").upper()
    if code in ("67", "68"):
        return "6AE"
    if code in holidays.France.subdivisions:
        return code
    return None


@lru_cache(maxsize=64)
def _calendar(subdivision: str | None, year: int) -> holidays.HolidayBase:
    return holidays.France(years=[year - 1, year, year + 1], subdiv=subdivision, language="fr")


def holiday_name(day: dt.date, subdivision: str | None = None) -> str | None:
    """The French name of the public holiday on ``day``, or ``None``.

    Examples
    --------
    >>> holiday_name(dt.date(2026, 7, 14)), holiday_name(dt.date(2026, 7, 15))
    ('Fête nationale', None)
    >>> holiday_name(dt.date(2026, 4, 3)), holiday_name(dt.date(2026, 4, 3), "57")
    (None, 'Vendredi saint')
    """
    return _calendar(subdivision, day.year).get(day)


@dataclass(frozen=True)
class Closure:
    """A temporary closure (``hours`` empty) or exceptional hours over ``starts_on``..``ends_on``."""

    starts_on: dt.date
    ends_on: dt.date
    reason: str = ""
    hours: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class Status:
    """Where a schedule stands at one instant, with a sentence for people."""

    state: str  # "open", "closed", "unknown"
    since_or_until: dt.datetime | None  # open: closing time; closed: next opening
    sentence: str
    reason: str = ""

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def fr_time(moment: dt.datetime | dt.time) -> str:
    """« 9 h », « 17 h 30 », « minuit ».

    Examples
    --------
    >>> fr_time(dt.time(9, 0)), fr_time(dt.time(17, 30)), fr_time(dt.time(0, 0))
    ('9 h', '17 h 30', 'minuit')
    """
    if moment.hour == 0 and moment.minute == 0:
        return "minuit"
    return f"{moment.hour} h" + (f" {moment.minute:02d}" if moment.minute else "")


def fr_day(day: dt.date, today: dt.date) -> str:
    """« aujourd'hui », « demain », « lundi » (within a week), else « lundi 28 décembre »."""
    delta = (day - today).days
    if delta == 0:
        return "aujourd'hui"
    if delta == 1:
        return "demain"
    name = WEEKDAYS_FR[day.weekday()]
    if 1 < delta < 7:
        return name
    return f"{name} {day.day}{'er' if day.day == 1 else ''} {MONTHS_FR[day.month - 1]}"


class Schedule:
    """An OSM expression with public holidays and closures, in Europe/Paris.

    Parameters
    ----------
    expression : str
        OSM ``opening_hours`` (checked: :class:`InvalidHours` when unreadable); empty means
        hours unknown.
    closures : list of Closure
        Temporary closures or exceptional hours, applied over whole days.
    subdivision : str, optional
        ``holidays`` subdivision (see :func:`holiday_subdivision`).

    Examples
    --------
    >>> s = Schedule("Mo-Fr 09:00-12:00,14:00-17:00")
    >>> [(fr_time(a), fr_time(b)) for a, b in s.day(dt.date(2026, 12, 3))]
    [('9 h', '12 h'), ('14 h', '17 h')]
    """

    def __init__(self, expression: str, closures=(), subdivision: str | None = None):
        self.expression = check(expression) if expression else ""
        self.closures = list(closures)
        self.subdivision = subdivision
        for closure in self.closures:
            if closure.hours:
                check(closure.hours)

    def _closure(self, day: dt.date) -> Closure | None:
        return next((c for c in self.closures if c.covers(day)), None)

    def _is_holiday(self, day: dt.date) -> bool:
        return holiday_name(day, self.subdivision) is not None

    def day(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """Open intervals that start or run within ``day`` (Paris midnight to midnight)."""
        start = dt.datetime.combine(day, dt.time(), PARIS)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), PARIS)
        closure = self._closure(day)
        if closure is not None:
            expression = closure.hours
            if not expression:
                return []
            holidays_near = (day.weekday(),) if self._is_holiday(day) else ()
        else:
            expression = self.expression
            if not expression:
                return []
            holidays_near = (day.weekday(),) if self._is_holiday(day) else ()
        parsed = _with_holidays(expression, holidays_near)
        out = []
        for a, b, state, _comment in parsed.intervals(start, end):
            if str(state) == "open" and b > a:
                out.append((a.astimezone(PARIS), b.astimezone(PARIS)))
        return out

    def open_intervals(self, start: dt.datetime, days: int):
        """Open intervals from ``start`` over ``days`` days, adjacent ones merged."""
        start = start.astimezone(PARIS)
        merged: list[list[dt.datetime]] = []
        for n in range(days + 1):
            for a, b in self.day(start.date() + dt.timedelta(days=n)):
                if b <= start:
                    continue
                if merged and a <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], b)
                else:
                    merged.append([a, b])
        return [(a, b) for a, b in merged]

    def next_opening(self, at: dt.datetime) -> dt.datetime | None:
        for a, _b in self._scan(at):
            if a > at:
                return a
        return None

    def _scan(self, at: dt.datetime):
        """Merged open intervals from ``at``, lazily, week by week, up to the horizon."""
        at = at.astimezone(PARIS)
        for week in range(0, HORIZON_DAYS, 7):
            chunk = self.open_intervals(at + dt.timedelta(days=week), 6)
            yield from (i for i in chunk if i[1] > at + dt.timedelta(days=week))

    def status(self, at: dt.datetime) -> Status:
        """Open or closed at ``at``, until when, and a French sentence."""
        at = at.astimezone(PARIS)
        if not self.expression and not self._closure(at.date()):
            return Status("unknown", None, "Horaires non renseignés")
        current = None
        upcoming = None
        for a, b in self._scan(at - dt.timedelta(days=1)):
            if a <= at < b:
                current = (a, b)
                break
            if a > at:
                upcoming = a
                break
        reason = self._reason(at.date())
        if current is not None:
            end = current[1]
            minutes = int((end.timestamp() - at.timestamp()) // 60)
            if end - at > dt.timedelta(days=6):
                return Status("open", None, "Ouvert")
            if minutes < SOON_MINUTES:
                return Status("open", end, f"Ouvert, ferme dans {max(minutes, 1)} min ({fr_time(end)})", reason)
            when = "" if end.date() == at.date() else f" {fr_day(end.date(), at.date())}"
            return Status("open", end, f"Ouvert jusqu'à {fr_time(end)}{when}".replace("jusqu'à minuit demain",
                                                                                     "jusqu'à minuit"), reason)
        why = f" ({reason})" if reason else ""
        if upcoming is None:
            return Status("closed", None, f"Fermé{why}, pas d'ouverture prévue", reason)
        minutes = int((upcoming.timestamp() - at.timestamp()) // 60)
        if minutes < SOON_MINUTES:
            return Status("closed", upcoming, f"Fermé{why}, ouvre dans {max(minutes, 1)} min ({fr_time(upcoming)})",
                          reason)
        return Status("closed", upcoming,
                      f"Fermé{why}, prochaine ouverture {fr_day(upcoming.date(), at.date())} {fr_time(upcoming)}",
                      reason)

    def status_cached(self, at: dt.datetime) -> Status:
        """:meth:`status` at the minute of ``at``, memoised: services that share their hours
        (and closures and holidays) share the answer for the minute."""
        minute = at.astimezone(PARIS).replace(second=0, microsecond=0)
        return _status_at(self.expression, tuple(self.closures), self.subdivision, minute)

    def _reason(self, day: dt.date) -> str:
        closure = self._closure(day)
        if closure is not None:
            kind = "horaires exceptionnels" if closure.hours else "fermeture temporaire"
            return f"{kind} : {closure.reason}" if closure.reason else kind
        name = holiday_name(day, self.subdivision)
        return f"jour férié : {name}" if name else ""

    def week(self, start: dt.date) -> list[tuple[dt.date, str, str]]:
        """Seven days from ``start``: (date, French day name, « 9 h – 12 h, 14 h – 17 h » or « fermé »);
        a night is shown on the day it starts (« 22 h – 2 h »)."""
        begin = dt.datetime.combine(start, dt.time(), PARIS)
        spans = [(a, b) for a, b in self.open_intervals(begin, 7) if a.date() < start + dt.timedelta(days=7)]
        rows = []
        for n in range(7):
            day = start + dt.timedelta(days=n)
            text = ", ".join(f"{fr_time(a)} – {fr_time(b)}" for a, b in spans if a.date() == day) or "fermé"
            note = self._reason(day)
            rows.append((day, f"{WEEKDAYS_FR[day.weekday()]} {day.day} {MONTHS_FR[day.month - 1]}",
                         text + (f" ({note})" if note else "")))
        return rows


@lru_cache(maxsize=20000)
def _status_at(expression: str, closures: tuple, subdivision: str | None, minute: dt.datetime) -> Status:
    return Schedule(expression, closures, subdivision).status(minute)
