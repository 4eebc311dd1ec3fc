"""APL of a territory and scenarios, as plain data for the CLI and the pages (views never
compute): every shown value is rounded once, with the decimals of the indicator registry
(``core.indicators.shown``), and every class is worded by ``core.map_classes``."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sante_locale.accessibility import engine
from sante_locale.accessibility.fidelity import PublishedComparison, published_comparison
from sante_locale.accessibility.models import APLRun
from sante_locale.core import maps
from sante_locale.core.access.parameters import PROFESSIONS, APLParameters, default_parameters
from sante_locale.core.access.scenarios import retirement_label
from sante_locale.core.formats import fr_change, fr_number, fr_percent, fr_value, rounded
from sante_locale.core.indicators import apl_indicator, rounded_value, shown, shown_change
from sante_locale.core.map_classes import ClassScheme, apl_scheme, quantile_scheme, value_class
from sante_locale.core.professions import PROFESSIONS as ALL_PROFESSIONS
from sante_locale.offer.models import PublishedAPL
from sante_locale.territories.describe import member_communes
from sante_locale.territories.models import Commune


def parameters_from(profession: str = "medecin_generaliste", age_max=None, supply_mode=None, demand_mode=None,
                    catchment=None, bands=None, vintage=None) -> APLParameters:
    """APL parameters from user choices (French errors from core on bad values)."""
    overrides = {}
    if age_max not in (None, ""):
        overrides["age_cutoff"] = int(age_max)
    if supply_mode:
        overrides["supply_mode"] = supply_mode
    if demand_mode:
        overrides["demand_mode"] = demand_mode
    if catchment not in (None, ""):
        overrides["catchment_minutes"] = float(catchment)
    if bands:
        overrides["bands"] = bands
    if vintage:
        overrides["vintage"] = int(vintage)
    if profession not in PROFESSIONS:
        raise ValueError(f"Profession inconnue « {profession} » : choisissez parmi {', '.join(PROFESSIONS)}.")
    return default_parameters(profession, **overrides)


def parse_bands(text: str) -> tuple[tuple[float, float], ...]:
    """``"10:1,15:0.667,20:0.333"`` → bands (French error on a malformed text).

    Examples
    --------
    >>> parse_bands("10:1, 15:0,5")
    Traceback (most recent call last):
    ValueError: Bandes illisibles « 10:1, 15:0,5 » : écrivez MINUTES:POIDS séparés par des virgules, avec un point décimal (ex. 10:1,15:0.667,20:0.333).
    """
    try:
        out = []
        for part in text.split(","):
            minutes, weight = part.split(":")
            out.append((float(minutes), float(weight)))
        return tuple(out)
    except ValueError as exc:
        raise ValueError(f"Bandes illisibles « {text} » : écrivez MINUTES:POIDS séparés par des virgules, avec un "
                         "point décimal (ex. 10:1,15:0.667,20:0.333).") from exc


def demand_unit_ids(unit) -> list[int]:
    """Communes of a territory as demand units (a city split in arrondissements gives them)."""
    if isinstance(unit, Commune):
        children = list(unit.children.filter(kind="ARM").values_list("pk", flat=True))
        return children or [unit.pk]
    ids = list(member_communes(unit).values_list("pk", flat=True))
    arms = dict(Commune.objects.filter(kind="ARM", parent_id__in=ids).values_list("pk", "parent_id"))
    split = set(arms.values())
    return [pk for pk in ids if pk not in split] + list(arms)


@dataclass
class TerritoryAPL:
    run: APLRun
    params: APLParameters
    rows: pd.DataFrame
    summary: dict
    published_vintage: str | None = None
    classes: ClassScheme | None = None  # official (GPs) or national quintiles (others); None: no classes
    comparison: PublishedComparison | None = None  # « Méthode et fiabilité »

    @property
    def fictive(self) -> bool:
        return self.run.fictive

    @property
    def indicator_key(self) -> str:
        """The registry key of this profession's APL (its unit and decimals)."""
        return apl_indicator(self.params.profession).key

    @property
    def unit(self) -> str:
        return apl_indicator(self.params.profession).unit

    @property
    def profession_plural(self) -> str:
        return ALL_PROFESSIONS[self.params.profession].plural.lower()

    def records(self) -> list[dict]:
        """One dict per commune for the CLI and the JSON/CSV outputs: values rounded as the
        pages show them (:func:`~sante_locale.core.indicators.rounded_value`)."""
        key = self.indicator_key
        out = []
        for r in self.rows.itertuples(index=False):
            out.append({
                "insee_code": r.insee_code, "nom": r.name, "population": int(r.population or 0),
                "apl": rounded_value(key, _num(r.apl)), "classe": r.apl_class, "hors_portee": bool(r.unreached),
                "minutes_plus_proche": rounded_value("nearest_minutes", _num(r.nearest_minutes)),
                "apl_drees": rounded_value("apl", _num(r.published_apl)),
                "apl_drees_moins_65": rounded_value("apl", _num(r.published_apl_65)),
            })
        return out

    def table(self) -> list[dict]:
        """The rows of the page's table: French text (rounded once) and raw sort values."""
        key = self.indicator_key
        out = []
        for r in self.rows.itertuples(index=False):
            minutes = _num(r.nearest_minutes)
            out.append({
                "insee_code": r.insee_code, "nom": r.name, "population": int(r.population or 0),
                "population_texte": fr_number(int(r.population or 0)),
                "apl": _num(r.apl), "apl_texte": shown(key, _num(r.apl)), "classe": r.apl_class,
                "hors_portee": bool(r.unreached), "minutes": minutes,
                "minutes_texte": shown("nearest_minutes", minutes) if minutes is not None else "aucun à moins de 3 h",
                "apl_drees": _num(r.published_apl), "apl_drees_texte": shown("apl", _num(r.published_apl)),
            })
        return out

    def figures(self) -> dict:
        """« En bref » as French text."""
        s = self.summary
        out = {"apl_mean": shown(self.indicator_key, s.get("apl_mean")), "threshold": None}
        if self.classes is not None and self.classes.threshold is not None and s.get("population_under_threshold") is not None:
            out.update(threshold=fr_number(self.classes.threshold, 1),
                       population_under=fr_value(s["population_under_threshold"], 0, "hab."),
                       share_under=fr_percent(s.get("share_under_threshold"), 0),
                       communes_under=f"{s['communes_under_threshold']} sur {s['communes']}")
        return out


def _num(value):
    if value is None:
        return None
    value = float(value)
    return value if np.isfinite(value) else None


class France:
    """The whole country, as a territory for the APL report."""

    name = "France entière"


_QUINTILES: dict[str, ClassScheme | None] = {}  # national run key -> its quintile classes


def page_classes(profession: str, run: APLRun | None = None) -> ClassScheme | None:
    """The APL classes a page draws for ``profession``: its official ones (GPs, DREES);
    for another profession, the quintiles of ``run`` (a national run), labelled as such;
    ``None`` without either (no classes: no class column, no « sous-dense »)."""
    official = apl_scheme(profession)
    if official is not None or run is None:
        return official
    if run.key not in _QUINTILES:
        indicator = apl_indicator(profession)
        values = engine.run_frame(run)["apl"].to_numpy(float)
        if len(_QUINTILES) > 16:
            _QUINTILES.clear()
        _QUINTILES[run.key] = quantile_scheme(f"{indicator.key}_quintiles", indicator.unit, values,
                                              indicator.decimals)
    return _QUINTILES[run.key]


def territory_apl(unit, params: APLParameters, od_table=None, record: bool = False) -> TerritoryAPL:
    """APL of every commune of ``unit`` (or of :class:`France`) from the national baseline
    run: the stored one, else computed in memory; ``record`` (commands only) stores it."""
    run = (engine.record_baseline if record else engine.baseline)(params, od_table)
    ids = None if isinstance(unit, France) else demand_unit_ids(unit)
    rows = engine.run_frame(run, ids).sort_values("apl").reset_index(drop=True)
    if ids is None:
        ids = rows["pk"].tolist()
    classes = page_classes(params.profession, run)
    rows["apl_class"] = classes.labels(rows["apl"].to_numpy()) if len(rows) and classes is not None else None
    published = PublishedAPL.objects.filter(profession=params.profession, commune_id__in=ids)
    vintage = published.order_by("-vintage").values_list("vintage", flat=True).first()
    values = {pk: (a, a65) for pk, a, a65 in published.filter(vintage=vintage).values_list("commune_id", "apl",
                                                                                           "apl_under_65")}
    rows["published_apl"] = [values.get(pk, (None, None))[0] for pk in rows["pk"]]
    rows["published_apl_65"] = [values.get(pk, (None, None))[1] for pk in rows["pk"]]
    summary = engine.summarize(rows, classes) if len(rows) else {}
    return TerritoryAPL(run, params, rows, summary, vintage, classes,
                        comparison=published_comparison(run, params, rows))


def classed_map(rows: pd.DataFrame, column: str, classes: ClassScheme | None, width: int = 800,
                height: int = 600, indicator_key: str = "apl") -> maps.SvgMap:
    """Communes drawn with a CSS class per value class (APL or minutes); the tooltip of each
    says its value rounded as in the table (``indicator_key``: the registry's decimals)."""
    shapes = {c.pk: c for c in Commune.objects.filter(pk__in=rows["pk"].tolist()).only("insee_code", "name",
                                                                                       "geometry")}
    features = []
    for r in rows.itertuples(index=False):
        commune = shapes.get(r.pk)
        if commune is None:
            continue
        value = getattr(r, column)
        css = value_class(value, classes)[0] if classes is not None else "missing"
        found = classes.of(value) if classes is not None else None
        features.append((commune.shape(), {"kind": "commune", "code": r.insee_code, "name": r.name, "css": css,
                                           "fill": found.colour if found is not None else "#d9d9d9",
                                           "label": value_label(value, column, indicator_key),
                                           "url": commune.get_absolute_url()}))
    return maps.draw(features, width, height)


def value_label(value, column: str, indicator_key: str = "apl") -> str:
    """The tooltip text of a value: « APL 3,28 », « 12 min » (rounded as in the tables)."""
    if column == "nearest_minutes":
        return "aucun dans un rayon de 3 h" if not np.isfinite(value) else f"{shown('nearest_minutes', value)} min"
    return f"APL {shown(indicator_key, value)}"


CROSSINGS = {"down": "devient sous-dense", "up": "n'est plus sous-dense", "": ""}


def scenario_display(result, params: APLParameters, maps: bool = True) -> dict:
    """What the scenario page and the CLI show: the story (what changed, in words and
    figures), the rows of changes per commune (largest gain first, signed differences),
    the classes and (``maps``) the before/after maps."""
    profession = params.profession
    classes = page_classes(profession, engine.baseline(params) if apl_scheme(profession) is None else None)
    indicator = apl_indicator(profession)
    key = indicator.key
    table = result.comparison
    rows = []
    for r in table.itertuples(index=False):
        before, after = rounded_value(key, r.apl_before), rounded_value(key, r.apl_after)
        change = None if before is None or after is None else rounded(after - before, indicator.decimals)
        rows.append({"insee_code": r.insee_code, "nom": r.name, "population": int(r.population),
                     "avant": float(r.apl_before), "apres": float(r.apl_after), "difference": float(r.difference),
                     "ecart": change, "avant_texte": shown(key, r.apl_before), "apres_texte": shown(key, r.apl_after),
                     "difference_texte": shown_change(key, r.apl_before, r.apl_after),
                     "seuil": CROSSINGS[r.crossing]})
    # largest gain first, by the change as shown (the difference of the shown values), then as computed
    rows.sort(key=lambda row: (-(row["ecart"] if row["ecart"] is not None else -math.inf), -row["difference"]))
    out = {"rows": rows, "legend": classes, "story": scenario_story(result, params),
           "threshold": None if classes is None or classes.threshold is None else fr_number(classes.threshold, 1),
           "apl_unit": apl_indicator(profession).unit}
    if maps:
        out["map_before"] = classed_map(table.assign(apl=table["apl_before"]), "apl", classes, 480, 360, key)
        out["map_after"] = classed_map(table.assign(apl=table["apl_after"]), "apl", classes, 480, 360, key)
    return out


def _people(n: int, fte: float, profession: str, who: str = "") -> str:
    """« 12 médecins généralistes de 65 ans ou plus (10,8 ETP) », « 1 infirmier (1,0 ETP) »."""
    return f"{_count(n, profession)}{' ' + who if who else ''} ({fr_number(fte, 1)} ETP)"


def _count(n: int, profession: str) -> str:
    p = ALL_PROFESSIONS[profession]
    return f"{fr_number(n)} {(p.label if n in (0, 1) else p.plural).lower()}"


def scenario_story(result, params: APLParameters) -> list[tuple[str, str]]:
    """The scenario told in order, as (label, text) pairs: who leaves (by the age rule, named
    as everywhere: « 65 ans ou plus »), what the new centres add, then the APL and the
    population of sous-dense communes before → after."""
    key = apl_indicator(params.profession).key
    p = params.profession
    changes = result.summary.get("changes") or {}
    story = []
    by_age, age = changes.get("by_age"), changes.get("retire_age")
    if by_age:
        inside, around = by_age["territory"], by_age["around"]
        who = f"de {retirement_label(age)}"
        text = f"{_people(inside['professionals'], inside['fte'], p, who)} exercent dans le territoire et partent"
        if around["professionals"]:
            text += (f" ; dans les communes alentour qui comptent dans le calcul, "
                     f"{_people(around['professionals'], around['fte'], p)} partent aussi")
        unknown = changes.get("unknown_age_territory") or 0
        if unknown:
            text += f". Âge inconnu : {_count(unknown, p)} du territoire, qui restent comptés"
        story.append((f"Départs à {retirement_label(age)}", text + "."))
    departures = changes.get("departures")
    if departures and (not by_age or departures != by_age):
        d = departures["territory"]
        story.append(("Départs en tout", f"{_people(d['professionals'], d['fte'], p)} dans le territoire."))
    for centre in changes.get("new_centres", []):
        where = centre["name"] or f"au point {fr_number(centre['lon'], 4)} ; {fr_number(centre['lat'], 4)}"
        story.append(("Nouveau centre de santé", f"{fr_number(centre['fte'], 1)} ETP à {where}."))
    fte = changes.get("fte_territory")
    if fte:
        story.append(("ETP comptés dans le territoire", f"{fr_number(fte['before'], 1)} → {fr_number(fte['after'], 1)} "
                      f"({fr_change(fte['before'], fte['after'], 1)})"))
    before, after = result.summary["before"], result.summary["after"]
    change = result.summary["change"]
    if before.get("apl_mean") is not None and after.get("apl_mean") is not None:
        story.append(("APL moyenne", f"{shown(key, before['apl_mean'])} → {shown(key, after['apl_mean'])} "
                      f"({shown_change(key, before['apl_mean'], after['apl_mean'])})"))
    if change.get("population_below_before") is not None:
        b, a = change["population_below_before"], change["population_below_after"]
        story.append(("Population en commune sous-dense", f"{fr_value(b, 0, 'hab.')} → {fr_value(a, 0, 'hab.')} "
                      f"({fr_change(b, a, 0)})"))
        story.append(("Communes sous-denses", f"{change['communes_below_before']} → {change['communes_below_after']} "
                      f"sur {len(result.comparison)}"))
    return story

