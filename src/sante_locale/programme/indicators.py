"""An indicator as pages, documents and the API show it: its values (entered, or read from
the observatory for an observed population indicator), baseline, targets, the next value
due and whether it is late, and its chart.

An observed indicator's current value is read from the territory's portrait (cached by the
portraits app, rebuilt when an input changes): reading never stores. A coordinator may
*record* that value (a POST) to keep a dated series with its source and vintage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sante_locale.core import clock
from sante_locale.core.charts import fr_value
from sante_locale.core.portrait.model import Chart
from sante_locale.core.programme.lateness import is_late, next_due
from sante_locale.core.programme.vocab import FREQUENCIES, QUESTIONS
from sante_locale.programme.models import Indicator, IndicatorValue


@dataclass
class Observed:
    """The observatory's current value of a population indicator for a perimeter."""

    value: float | None
    source: str
    vintage: str
    fictive: bool = False
    problem: str = ""


def observed(indicator: Indicator) -> Observed | None:
    """The current observed value (``None`` for an indicator entered by hand). Never stores."""
    if indicator.mode != "observed":
        return None
    from sante_locale.portraits.service import portrait_of
    from sante_locale.territories.lookup import UnknownTerritory

    try:
        unit = indicator.programme.dispositif.perimeter
        if unit is None:
            raise UnknownTerritory("périmètre non défini")
        figure = portrait_of(unit).figure(indicator.key)
    except (UnknownTerritory, KeyError) as exc:
        return Observed(None, "", "", problem=f"Valeur non disponible ({exc}).")
    value = None if figure.is_missing else float(figure.value)
    return Observed(value, figure.source, figure.vintage, figure.fictive)


@dataclass
class IndicatorState:
    indicator: Indicator
    values: list[IndicatorValue]
    targets: list
    observed: Observed | None
    last_on: dt.date | None
    next_due: dt.date | None
    late: bool
    chart: Chart
    notes: list[str] = field(default_factory=list)

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None

    @property
    def next_target(self):
        today = clock.today()
        upcoming = [t for t in self.targets if t.due_on >= today]
        return upcoming[0] if upcoming else (self.targets[-1] if self.targets else None)

    @property
    def frequency_label(self) -> str:
        return FREQUENCIES[self.indicator.frequency][0]

    @property
    def question_label(self) -> str:
        return QUESTIONS.get(self.indicator.question, "")

    def fr(self, value) -> str:
        return fr_value(float(value) if isinstance(value, Decimal) else value, self.indicator.decimals,
                        self.indicator.unit)


def state(indicator: Indicator, today: dt.date | None = None) -> IndicatorState:
    """Everything shown about ``indicator`` at ``today`` (the clock's today by default)."""
    today = today or clock.today()
    values = list(indicator.values.all())
    targets = list(indicator.targets.all())
    seen = observed(indicator)
    since = values[-1].measured_on if values else indicator.baseline_on
    if since is None and indicator.action_id and indicator.action.starts_on:
        since = indicator.action.starts_on
    late = indicator.mode == "entered" and is_late(since, indicator.frequency, today=today)
    due = next_due(since, indicator.frequency) if indicator.mode == "entered" else None
    points = [(v.measured_on, float(v.value)) for v in values]
    notes = []
    if seen is not None and seen.value is not None:
        points.append((today, seen.value))
        notes.append(f"Valeur actuelle calculée par l'observatoire : {fr_value(seen.value, indicator.decimals, indicator.unit)} "
                     f"({seen.source}, millésime {seen.vintage}{', données fictives' if seen.fictive else ''}).")
    elif seen is not None and seen.problem:
        notes.append(seen.problem)
    baseline = (indicator.baseline_on, float(indicator.baseline_value)) if (
        indicator.baseline_on and indicator.baseline_value is not None) else None
    chart = Chart(f"indicateur-{indicator.pk}", indicator.label, "series",
                  {"points": points, "targets": [(t.due_on, float(t.value)) for t in targets], "baseline": baseline,
                   "decimals": indicator.decimals},
                  unit=indicator.unit, source=indicator.source or (seen.source if seen else ""),
                  description=f"Valeurs de l'indicateur {indicator.code} et sa cible.")
    return IndicatorState(indicator, values, targets, seen, since, due, late, chart, notes)


def states(indicators, today: dt.date | None = None) -> list[IndicatorState]:
    return [state(i, today) for i in indicators]


def programme_indicators(programme):
    """Indicators of a programme, population first then by code."""
    qs = (Indicator.objects.filter(programme=programme).select_related("action", "programme__dispositif")
          .prefetch_related("values", "targets"))
    return sorted(qs, key=lambda i: (i.kind != "population", i.action.code if i.action_id else "", i.code))
