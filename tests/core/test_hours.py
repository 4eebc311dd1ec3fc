"""Opening hours: overnight, public holidays (with the extra days of Alsace-Moselle), closures
and exceptional hours, the DST changes, and the French sentences."""

import datetime as dt

import holidays
import pytest

from sante_locale.core.hours import PARIS, Closure, InvalidHours, Schedule, check


def at(*args):
    return dt.datetime(*args, tzinfo=PARIS)


def test_open_until_and_closing_soon():
    s = Schedule("Mo-Fr 09:00-12:00,14:00-17:00; PH off")
    assert s.status(at(2026, 12, 3, 10, 0)).sentence == "Ouvert jusqu'à 12 h"
    assert s.status(at(2026, 12, 3, 16, 40)).sentence == "Ouvert, ferme dans 20 min (17 h)"
    assert s.status(at(2026, 12, 3, 13, 0)).sentence == "Fermé, prochaine ouverture aujourd'hui 14 h"
    assert s.status(at(2026, 12, 3, 13, 50)).sentence == "Fermé, ouvre dans 10 min (14 h)"
    assert s.status(at(2026, 12, 3, 18, 0)).sentence == "Fermé, prochaine ouverture demain 9 h"
    # Saturday: next opening on Monday
    assert s.status(at(2026, 12, 5, 11, 0)).sentence == "Fermé, prochaine ouverture lundi 9 h"


def test_overnight_hours_run_past_midnight():
    s = Schedule("Fr-Sa 22:00-02:00")
    friday_night = s.status(at(2026, 12, 4, 23, 30))
    assert friday_night.is_open and friday_night.since_or_until == at(2026, 12, 5, 2, 0)
    assert friday_night.sentence == "Ouvert jusqu'à 2 h demain"
    assert s.status(at(2026, 12, 5, 1, 0)).is_open  # the spill of Friday's night
    assert not s.status(at(2026, 12, 5, 3, 0)).is_open
    week = dict((d, text) for d, _, text in s.week(dt.date(2026, 11, 30)))
    assert week[dt.date(2026, 12, 4)] == "22 h – 2 h"
    assert week[dt.date(2026, 12, 1)] == "fermé"


def test_public_holidays_come_from_the_holidays_library():
    s = Schedule("Mo-Fr 09:00-17:00; PH off")
    christmas = s.status(at(2026, 12, 25, 10, 0))  # a Friday
    assert not christmas.is_open and christmas.reason == "jour férié : Noël"
    assert s.status(at(2026, 12, 24, 10, 0)).is_open
    # a holiday only in Moselle: open in Lens, closed in Metz
    good_friday = at(2026, 4, 3, 10, 0)
    assert Schedule("Mo-Fr 09:00-17:00; PH off").status(good_friday).is_open
    assert not Schedule("Mo-Fr 09:00-17:00; PH off", subdivision="57").status(good_friday).is_open
    # PH as an opening rule, and a later rule overriding PH off
    assert Schedule("Sa 10:00-12:00; PH 10:00-12:00").status(at(2026, 11, 11, 11, 0)).is_open
    assert Schedule("PH off; Mo-Fr 09:00-17:00").status(at(2026, 12, 25, 10, 0)).is_open


def test_every_french_public_holiday_closes_a_ph_off_schedule():
    s = Schedule("Mo-Su 08:00-20:00; PH off")
    for day in holidays.France(years=[2026, 2027]):
        assert not s.status(dt.datetime.combine(day, dt.time(12), PARIS)).is_open, day


@pytest.mark.parametrize("expression", [
    "Mo-Fr 09:00-17:00; PH off", "Mo-Su 22:00-02:00; PH off", "PH off; Mo-Fr 09:00-12:00",
    "Mo-Sa,PH 10:00-12:00", "Sa 10:00-12:00; PH 08:00-09:00", "Mo-Fr 20:00-03:00; PH 10:00-11:00",
])
def test_holiday_glue_agrees_with_the_library_own_calendar(expression):
    """Naive reference: where the parser's built-in French calendar knows the holidays
    (mainland France), our ``holidays``-driven evaluation gives the same state every 30 min."""
    from opening_hours import OpeningHours

    reference = OpeningHours(expression, timezone=PARIS, country="FR")
    ours = Schedule(expression)
    for start in (at(2026, 12, 20, 0, 15), at(2026, 4, 30, 0, 15), at(2026, 5, 12, 0, 15)):
        for step in range(2 * 24 * 10):
            moment = start + dt.timedelta(minutes=30 * step)
            assert ours.status(moment).is_open == reference.is_open(moment), (expression, moment)


def test_closures_and_exceptional_hours():
    closures = [Closure(dt.date(2026, 12, 7), dt.date(2026, 12, 11), "travaux"),
                Closure(dt.date(2026, 12, 14), dt.date(2026, 12, 14), "", "10:00-12:00")]
    s = Schedule("Mo-Fr 09:00-17:00", closures)
    monday = s.status(at(2026, 12, 7, 10, 0))
    assert not monday.is_open and monday.reason == "fermeture temporaire : travaux"
    assert monday.sentence == "Fermé (fermeture temporaire : travaux), prochaine ouverture lundi 14 décembre 10 h"
    assert s.status(at(2026, 12, 14, 11, 0)).is_open
    assert not s.status(at(2026, 12, 14, 15, 0)).is_open
    assert s.status(at(2026, 12, 15, 15, 0)).is_open


@pytest.mark.parametrize("day, hours", [(dt.date(2026, 3, 29), 2), (dt.date(2026, 10, 25), 4)])
def test_dst_changes(day, hours):
    """01:00-04:00 lasts two hours on the spring change and four on the autumn one."""
    spans = Schedule("Mo-Su 01:00-04:00").day(day)
    assert len(spans) == 1
    a, b = spans[0]
    assert b.timestamp() - a.timestamp() == hours * 3600
    assert (a.hour, b.hour) == (1, 4)


def test_status_across_the_spring_change():
    """1:30 CET to 4:00 CEST is 90 minutes of real time (2:00-3:00 does not exist)."""
    s = Schedule("Su 01:00-04:00")
    status = s.status(at(2026, 3, 29, 1, 30))
    assert status.is_open and status.since_or_until == at(2026, 3, 29, 4, 0)
    assert status.sentence == "Ouvert jusqu'à 4 h"
    assert s.status(at(2026, 3, 29, 3, 30)).sentence == "Ouvert, ferme dans 30 min (4 h)"


def test_unknown_and_invalid():
    assert Schedule("").status(at(2026, 12, 3, 10, 0)).sentence == "Horaires non renseignés"
    with pytest.raises(InvalidHours, match="illisibles"):
        check("du lundi au vendredi")
    with pytest.raises(InvalidHours):
        Schedule("Mo-Fr 09:00-17:00", [Closure(dt.date(2026, 1, 1), dt.date(2026, 1, 2), "", "9h-12h")])
