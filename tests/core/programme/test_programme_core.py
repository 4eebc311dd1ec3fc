"""Pure parts of the programme: the charts (target line, radar, calendar), lateness, the
grid, summaries and the workbook's cell checks."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sante_locale.core import charts
from sante_locale.core.portrait.model import Chart
from sante_locale.core.programme import summaries
from sante_locale.core.programme.grid import CHARACTERISTICS, evolution
from sante_locale.core.programme.lateness import add_months, is_late, next_due
from sante_locale.core.programme.workbook import SHEETS, _convert

D = dt.date


def test_series_draws_values_and_a_horizontal_target_line():
    svg = charts.render(Chart("i", "Participants", "series", {
        "points": [(D(2024, 12, 31), 120), (D(2025, 12, 31), 180)], "targets": [(D(2027, 12, 31), 250)],
        "baseline": (D(2023, 12, 31), 90)}, unit="personnes"))
    assert svg.count("<circle") == 3 and 'stroke-dasharray="5 3"' in svg
    target = [line for line in svg.splitlines() if 'stroke="#ce0500"' in line and "<line" in line and "x1" in line]
    assert any('y1="' in t and t.split('y1="')[1].split('"')[0] == t.split('y2="')[1].split('"')[0] for t in target)
    assert "cible 250\xa0personnes au 31/12/2027" in svg and "situation de départ 90" in svg


def test_series_without_values_says_so():
    assert "Aucune donnée" in charts.render(Chart("i", "Vide", "series", {"points": [], "targets": []}))


def test_radar_has_one_polygon_per_series_and_rings():
    svg = charts.render(Chart("g", "Grille", "radar", {
        "axes": [c.label for c in CHARACTERISTICS], "series": {"2024": [1] * 7, "2025": [2, 3, 3, 2, 3, 2, 4]},
        "max": 4}))
    assert svg.count("<polygon") == 4 + 2 and "2025 — Politique : 2" in svg


def test_timeline_places_bars_by_date():
    svg = charts.render(Chart("t", "Calendrier", "timeline", {"rows": [
        {"label": "A", "start": D(2025, 1, 1), "end": D(2025, 12, 31), "status": "done"},
        {"label": "B", "start": D(2026, 1, 1), "end": None, "status": "late"},
        {"label": "C", "start": None}], "statuses": {"done": "réalisée", "late": "en retard"},
        "today": D(2026, 6, 1)}), 800)
    rects = [line for line in svg.splitlines() if line.startswith("<rect") and 'fill-opacity' in line]
    x_a, x_b = (float(r.split(' x="')[1].split('"')[0]) for r in rects)
    assert x_a < x_b and "sans fin prévue" in svg and "1 action(s) sans date de début" in svg


@given(st.dates(D(2000, 1, 1), D(2090, 12, 31)), st.integers(0, 36))
def test_add_months_keeps_the_day_or_the_month_end(day, months):
    moved = add_months(day, months)
    assert (moved.year - day.year) * 12 + moved.month - day.month == months
    assert moved.day == day.day or moved.day < day.day and (moved + dt.timedelta(days=1)).day == 1


def test_lateness_boundaries():
    assert next_due(D(2025, 3, 31), "quarterly") == D(2025, 6, 30)
    assert not is_late(D(2025, 3, 31), "quarterly", today=D(2025, 7, 30))
    assert is_late(D(2025, 3, 31), "quarterly", today=D(2025, 7, 31))
    with pytest.raises(ValueError, match="Périodicité inconnue"):
        next_due(D(2025, 1, 1), "weekly")


def test_evolution_and_budget_and_lens():
    assert evolution({"political": None}, {"political": 3}) == {"political": None}
    b = summaries.budget([("ARS", 2025, Decimal("100.5"), None)])
    assert b.total_planned == 100.5 and b.total_obtained == 0 and b.obtained_share == 0
    lens = summaries.lens([("diagnosis", "yes"), ("objectives", "not_applicable")], 1)
    assert lens.missing == [] and lens.share("diagnosis", "yes") == 1


@pytest.mark.parametrize(("sheet", "key", "raw", "value", "problem"), [
    ("fundings", "planned", "12 500,50 €", Decimal("12500.50"), None),
    ("fundings", "planned", "-3", None, "ne peut pas être négatif"),
    ("fundings", "year", "2o25", None, "n'est pas un nombre entier"),
    ("milestones", "due_on", "2025-02-30", None, "n'est pas une date"),
    ("milestones", "due_on", dt.datetime(2025, 2, 28), D(2025, 2, 28), None),
    ("actions", "status", "En Retard", "late", None),
    ("actions", "determinants", "logement ; Accès aux soins", ["housing", "access_to_care"], None),
    ("values", "value", True, None, "n'est pas un nombre"),
])
def test_cells_are_converted_or_explained(sheet, key, raw, value, problem):
    column = next(c for c in SHEETS[sheet][1] if c.key == key)
    got, message = _convert(column, raw)
    assert got == value
    assert (message is None) if problem is None else problem in message
