"""APL of a territory, as plain data for the CLI and the pages (views never compute)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sante_locale.accessibility import engine
from sante_locale.accessibility.fidelity import PublishedComparison, published_comparison
from sante_locale.accessibility.models import APLRun
from sante_locale.core import maps
from sante_locale.core.access.parameters import PROFESSIONS, APLParameters, default_parameters
from sante_locale.core.map_classes import COLOURS, GP_APL, ClassScheme, apl_scheme, value_class
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
    classes: ClassScheme = field(default_factory=lambda: GP_APL)
    comparison: PublishedComparison | None = None  # « Méthode et fiabilité »

    @property
    def fictive(self) -> bool:
        return self.run.fictive

    def records(self) -> list[dict]:
        out = []
        for r in self.rows.itertuples(index=False):
            out.append({
                "insee_code": r.insee_code, "nom": r.name, "population": int(r.population or 0),
                "apl": None if _num(r.apl) is None else round(float(r.apl), 3),
                "classe": r.apl_class, "hors_portee": bool(r.unreached),
                "minutes_plus_proche": None if not np.isfinite(r.nearest_minutes) else round(float(r.nearest_minutes), 1),
                "apl_drees": _num(r.published_apl), "apl_drees_moins_65": _num(r.published_apl_65),
            })
        return out


def _num(value):
    return None if value is None or (isinstance(value, float) and not np.isfinite(value)) else float(value)


class France:
    """The whole country, as a territory for the APL report."""

    name = "France entière"


def page_classes(profession: str) -> ClassScheme:
    """The APL classes a page draws for ``profession``: its own, else (until each profession
    has its own, issue 16) the GP classes, as before."""
    return apl_scheme(profession) or GP_APL


def territory_apl(unit, params: APLParameters, od_table=None, record: bool = False) -> TerritoryAPL:
    """APL of every commune of ``unit`` (or of :class:`France`) from the national baseline
    run: the stored one, else computed in memory; ``record`` (commands only) stores it."""
    run = (engine.record_baseline if record else engine.baseline)(params, od_table)
    ids = None if isinstance(unit, France) else demand_unit_ids(unit)
    rows = engine.run_frame(run, ids).sort_values("apl").reset_index(drop=True)
    if ids is None:
        ids = rows["pk"].tolist()
    classes = page_classes(params.profession)
    rows["apl_class"] = classes.shorts(rows["apl"].to_numpy()) if len(rows) else []
    published = PublishedAPL.objects.filter(profession=params.profession, commune_id__in=ids)
    vintage = published.order_by("-vintage").values_list("vintage", flat=True).first()
    values = {pk: (a, a65) for pk, a, a65 in published.filter(vintage=vintage).values_list("commune_id", "apl",
                                                                                           "apl_under_65")}
    rows["published_apl"] = [values.get(pk, (None, None))[0] for pk in rows["pk"]]
    rows["published_apl_65"] = [values.get(pk, (None, None))[1] for pk in rows["pk"]]
    summary = engine.summarize(rows, classes) if len(rows) else {}
    return TerritoryAPL(run, params, rows, summary, vintage, classes,
                        comparison=published_comparison(run, params, rows))


def classed_map(rows: pd.DataFrame, column: str, classes: ClassScheme, width: int = 800,
                height: int = 600) -> maps.SvgMap:
    """Communes drawn with a CSS class per value class (APL or minutes)."""
    shapes = {c.pk: c for c in Commune.objects.filter(pk__in=rows["pk"].tolist()).only("insee_code", "name",
                                                                                       "geometry")}
    features = []
    for r in rows.itertuples(index=False):
        commune = shapes.get(r.pk)
        if commune is None:
            continue
        value = getattr(r, column)
        features.append((commune.shape(), {"kind": "commune", "code": r.insee_code, "name": r.name,
                                           "css": value_class(value, classes)[0],
                                           "fill": COLOURS[value_class(value, classes)[0]],
                                           "label": value_label(value, column), "url": commune.get_absolute_url()}))
    return maps.draw(features, width, height)


def value_label(value, column: str) -> str:
    if column == "nearest_minutes":
        return "aucun dans un rayon de 3 h" if not np.isfinite(value) else f"{value:.0f} min".replace(".", ",")
    return f"APL {value:.2f}".replace(".", ",")


def scenario_display(result) -> dict:
    """Rows of changes (largest gain first) and the before/after maps of a scenario."""
    table = result.comparison.sort_values("difference", ascending=False)
    before = table.assign(apl=table["apl_before"])
    after = table.assign(apl=table["apl_after"])
    classes = page_classes(result.run.profession)
    return {"rows": table.to_dict("records"), "legend": classes,
            "map_before": classed_map(before, "apl", classes, 480, 360),
            "map_after": classed_map(after, "apl", classes, 480, 360)}
