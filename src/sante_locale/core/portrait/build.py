"""Assemble a territory's portrait from plain tables.

The app gathers the inputs from the database (:class:`PortraitInputs`); this module
computes the figures, comparisons, charts and the automatic summary, and returns a
:class:`~sante_locale.core.portrait.model.Portrait`. No database, no web.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sante_locale.core.access.parameters import RETIREMENT_AGES
from sante_locale.core.formats import fr_number, fr_percent
from sante_locale.core.indicators import NEAREST_LIMITS, indicator
from sante_locale.core.map_classes import GP_APL, NEAREST
from sante_locale.core.portrait.coordination import coordination_section
from sante_locale.core.portrait.model import (
    UNAVAILABLE,
    Chart,
    Column,
    Figure,
    MapLayer,
    Portrait,
    Section,
    Source,
    Table,
)
from sante_locale.core.portrait.notes import method_notes, unavailable
from sante_locale.core.professions import PORTRAIT_PROFESSIONS, PROFESSIONS

#: profession -> French plural, in display order (from :mod:`sante_locale.core.professions`).
PROFESSION_LABELS = {code: PROFESSIONS[code].plural for code in PORTRAIT_PROFESSIONS}
ESTABLISHMENT_LABELS = {
    "msp": "Maisons de santé pluriprofessionnelles", "centre_de_sante": "Centres de santé", "cpts": "CPTS",
    "cmp": "Centres médico-psychologiques", "cmpp": "CMPP", "pmi": "Centres de PMI", "pharmacie": "Pharmacies",
    "hopital": "Hôpitaux",
}


@dataclass
class Reference:
    """An area the territory is compared with (its département, région, France, a peer)."""

    key: str  # "departement", "region", "france", "pair"
    label: str  # "Pas-de-Calais"
    population: float
    professionals: dict[str, int]  # profession -> count
    area_km2: float | None = None
    communes: int | None = None
    population_under_threshold: float | None = None  # in communes under the GP threshold (GP_APL)
    apl_values: list[float] = field(default_factory=list)  # per commune, for the distribution chart


@dataclass
class PortraitInputs:
    """Everything a portrait needs, gathered by the app.

    ``communes``: one row per commune (or arrondissement) with columns ``insee_code, name,
    population, area_km2, apl, nearest_minutes, apl_published, qpv_count`` and
    ``n_<profession>`` for each profession of :data:`PROFESSION_LABELS`.
    ``gp_ages``: ages of the territory's GPs (NaN when unknown).
    ``modes``: profession -> {"libéral": n, "salarié": n, …}.
    ``establishments``: rows ``finess_code, name, kind, category_label, insee_code, lon, lat``.
    ``retirement``: {"65": (apl_mean_after, population_under_after), "60": …} or empty.
    ``population_by_age``: band label -> population, or empty when INSEE ages are not imported.
    ``missing_inputs``: key of :data:`MISSING_INPUTS` -> the administrator's instruction
    (« sante-locale import finess FICHIER »), for each input that is not imported.
    ``population_vintage``, ``cog_vintage``: the years a person cites for the reference
    (« 2017 », « 2025 »), never a package version; ``apl_demand``: the demand of the APL run,
    in French.
    """

    territory: dict
    communes: pd.DataFrame
    references: list[Reference]
    gp_ages: np.ndarray
    modes: dict[str, dict[str, int]]
    establishments: pd.DataFrame
    retirement: dict[str, tuple[float | None, float]]
    population_by_age: dict[str, float]
    sources: list[Source]
    parameters: dict
    generated_at: str
    apl_vintage: str = ""
    published_vintage: str | None = None
    fictive: bool = False
    qpv_imported: bool = False
    geometries: dict = field(default_factory=dict)
    missing_inputs: dict[str, str] = field(default_factory=dict)
    population_vintage: str = ""
    cog_vintage: str = ""
    ages_vintage: str = ""
    apl_demand: str = ""
    coordination: Any = None  # core.articulation.Articulation of the public dispositifs, or None


def per_10k(count: float | None, population: float | None) -> float | None:
    """Rate per 10,000 inhabitants (``None`` when the population is unknown or zero).

    Examples
    --------
    >>> per_10k(12, 24000), per_10k(3, 0)
    (5.0, None)
    """
    if count is None or not population:
        return None
    return 10_000.0 * count / population


def weighted_mean(values, weights) -> float | None:
    """Mean of ``values`` weighted by ``weights``, ignoring NaN; ``None`` without weight.

    Examples
    --------
    >>> weighted_mean([2.0, 4.0, float("nan")], [1, 3, 5])
    3.5
    """
    v = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    ok = np.isfinite(v) & np.isfinite(w)
    if not ok.any() or w[ok].sum() <= 0:
        return None
    return float(np.dot(v[ok], w[ok]) / w[ok].sum())


def _value(x):
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def build_portrait(inputs: PortraitInputs) -> Portrait:
    """The portrait of ``inputs.territory`` (see :class:`PortraitInputs`)."""
    c = inputs.communes
    population = float(c["population"].fillna(0).sum())
    sections = [
        _demography(inputs, population),
        _supply(inputs, population),
        _accessibility(inputs, population),
        coordination_section(inputs.coordination),
    ]
    communes = _communes_table(inputs)
    portrait = Portrait(
        territory=inputs.territory, generated_at=inputs.generated_at, sections=sections, highlights=[],
        communes=communes, geometries=inputs.geometries, sources=inputs.sources, parameters=inputs.parameters,
        fictive=inputs.fictive, unavailable=unavailable(inputs), method_notes=method_notes(inputs),
    )
    portrait.highlights = highlights(portrait, inputs)
    return portrait


def _figure(key: str, value, vintage: str, source: str | None = None, fictive: bool = False,
            comparisons: dict | None = None, note: str = "", unavailable: bool = False) -> Figure:
    """A figure whose label, unit and decimals come from the indicator registry."""
    ind = indicator(key)
    return Figure(key, ind.label, value, ind.unit, source or ind.source, vintage, fictive, comparisons or {},
                  ind.decimals, note, unavailable)


def _ref(inputs: PortraitInputs, key: str) -> Reference | None:
    return next((r for r in inputs.references if r.key == key), None)


POPULATION_SOURCE = "INSEE, population municipale"
COG_SOURCE = "INSEE, Code officiel géographique"
AREA_SOURCE = "Contours des communes du Code officiel géographique"
DENSITY_SOURCE = "INSEE, population municipale et contours des communes"


def _demography(inputs: PortraitInputs, population: float) -> Section:
    c = inputs.communes
    pop_year, cog_year = inputs.population_vintage, inputs.cog_vintage
    both = ", ".join(p for p in (pop_year and f"population {pop_year}", cog_year and f"COG {cog_year}") if p)
    area = float(c["area_km2"].fillna(0).sum())
    known = c["population"].notna().all()
    refs = inputs.references
    figures = [
        _figure("population", population if len(c) and c["population"].notna().any() else None, pop_year,
                POPULATION_SOURCE, note="" if known else "population inconnue pour certaines communes (comptées pour zéro)",
                comparisons={r.label: r.population for r in refs}),
        _figure("communes", len(c), cog_year, COG_SOURCE,
                comparisons={r.label: r.communes for r in refs if r.communes is not None}),
        _figure("area", area or None, cog_year, AREA_SOURCE,
                comparisons={r.label: r.area_km2 for r in refs if r.area_km2}),
        _figure("density", population / area if area else None, both, DENSITY_SOURCE,
                comparisons={r.label: r.population / r.area_km2 for r in refs if r.area_km2}),
    ]
    notes = ["Évolution de la population : un seul millésime est chargé, l'évolution n'est pas calculée."]
    charts = []
    if inputs.population_by_age:
        total = sum(inputs.population_by_age.values()) or 1.0
        labels = list(inputs.population_by_age)
        shares = [100.0 * v / total for v in inputs.population_by_age.values()]
        charts.append(Chart("age_structure", "Structure par âge de la population", "bars",
                            {"labels": labels, "values": shares, "decimals": 1}, unit="%",
                            source="INSEE, recensement (population par âge)",
                            description="Part de chaque tranche d'âge dans la population."))
        old = sum(v for k, v in inputs.population_by_age.items() if k.startswith(("75", "60")))
        figures.append(_figure("share_60_plus_population", 100.0 * old / total, inputs.ages_vintage))
    else:
        figures.append(_figure("share_60_plus_population", None, "", unavailable="population_by_age" in
                               inputs.missing_inputs))
    if inputs.qpv_imported:
        n_qpv = int(c["qpv_count"].fillna(0).sum()) if "qpv_count" in c else 0
        with_qpv = int((c.get("qpv_count", pd.Series(dtype=float)).fillna(0) > 0).sum())
        figures.append(_figure("qpv", n_qpv, "2024"))
        figures.append(_figure("communes_with_qpv", with_qpv, "2024"))
        notes.append("Population des QPV : non disponible dans le fichier importé (contours ou centroïdes seuls).")
    else:
        figures.append(_figure("qpv", None, "", unavailable=True))
        figures.append(_figure("communes_with_qpv", None, "", unavailable=True))
    return Section("demographie", "Démographie", figures, charts=charts, notes=notes)


def _supply(inputs: PortraitInputs, population: float) -> Section:
    c = inputs.communes
    supply_source = next((s for s in inputs.sources if s.name.startswith(("Annuaire", "Offre"))), None)
    source = supply_source.name if supply_source else "Annuaire Santé (RPPS)"
    vintage = supply_source.vintage if supply_source else ""
    figures, rows = [], []
    for profession, label in PROFESSION_LABELS.items():
        count = int(c.get(f"n_{profession}", pd.Series(dtype=float)).fillna(0).sum())
        comparisons = {r.label: per_10k(r.professionals.get(profession, 0), r.population) for r in inputs.references}
        rate = per_10k(count, population)
        figures.append(_figure(f"density_{profession}", rate, vintage, source, inputs.fictive, comparisons))
        rows.append({"profession": label, "count": count, "rate": rate,
                     **{f"ref_{r.key}": comparisons[r.label] for r in inputs.references}})
    columns = [Column("profession", "Profession"), Column("count", "Effectif", "professionnels"),
               Column("rate", "Pour 10 000 habitants", "pour 10 000 hab.", 1)]
    columns += [Column(f"ref_{r.key}", r.label, "pour 10 000 hab.", 1) for r in inputs.references]
    tables = [Table("professionals", "Professionnels de santé par profession", columns, rows, source)]
    ages = np.asarray(inputs.gp_ages, dtype=float)
    known = ages[np.isfinite(ages)]
    n_gp = len(ages)
    share_60 = 100.0 * (known >= 60).mean() if known.size else None
    share_missing = 100.0 * (n_gp - known.size) / n_gp if n_gp else None
    figures.append(_figure("gp_share_60_plus", share_60, vintage, source, inputs.fictive,
                           note=f"âge inconnu pour {fr_percent((share_missing or 0) / 100)} des médecins"
                           if share_missing else ""))
    figures.append(_figure("gp_age_unknown", share_missing, vintage, source, inputs.fictive))
    charts = [Chart("supply_rates", "Professionnels pour 10 000 habitants", "compare", {
        "indicators": list(PROFESSION_LABELS.values()),
        "series": {inputs.territory["name"]: [r["rate"] for r in rows],
                   **{ref.label: [r[f"ref_{ref.key}"] for r in rows] for ref in inputs.references}},
        "decimals": 1}, unit="pour 10 000 hab.", source=source,
        description="Densité de chaque profession dans le territoire et dans les territoires de comparaison.")]
    if known.size:
        bands = [("moins de 40 ans", 0, 40), ("40 à 49 ans", 40, 50), ("50 à 59 ans", 50, 60),
                 ("60 à 64 ans", 60, 65), ("65 ans ou plus", 65, 200)]
        charts.append(Chart("gp_ages", "Âge des médecins généralistes (âges connus)", "bars", {
            "labels": [b[0] for b in bands],
            "values": [int(((known >= lo) & (known < hi)).sum()) for _, lo, hi in bands]},
            unit="médecins", source=source, description="Nombre de médecins généralistes par tranche d'âge."))
    mode_rows = [{"profession": PROFESSION_LABELS.get(p, p), **m} for p, m in inputs.modes.items()]
    if mode_rows:
        keys = sorted({k for m in inputs.modes.values() for k in m})
        tables.append(Table("modes", "Mode d'exercice", [Column("profession", "Profession")] +
                            [Column(k, k.capitalize(), "professionnels") for k in keys], mode_rows, source))
    e = inputs.establishments
    counts = e["kind"].value_counts().to_dict() if len(e) else {}
    finess = "finess" not in inputs.missing_inputs
    tables.append(Table("establishments_count", "Établissements et structures (FINESS)",
                        [Column("kind", "Catégorie"), Column("count", "Nombre", "établissements")],
                        [{"kind": label, "count": int(counts.get(k, 0)) if finess else UNAVAILABLE}
                         for k, label in ESTABLISHMENT_LABELS.items()], "FINESS"))
    if len(e):
        tables.append(Table("establishments", "Liste des établissements", [
            Column("name", "Nom"), Column("category_label", "Catégorie"), Column("commune", "Commune"),
            Column("finess_code", "N° FINESS")], e.to_dict("records"), "FINESS"))
    notes = []
    maps = []
    located = e.dropna(subset=["lon", "lat"]) if len(e) else e
    if len(located):
        kinds = [k for k in ESTABLISHMENT_LABELS if k in set(located["kind"])]
        maps.append(MapLayer("establishments_map", "Établissements et structures (FINESS)", "", [
            (math.inf, k, ESTABLISHMENT_LABELS[k]) for k in kinds], "FINESS", points=[
            {"lon": float(r.lon), "lat": float(r.lat), "name": r.name, "kind": r.kind,
             "label": ESTABLISHMENT_LABELS.get(r.kind, r.kind)} for r in located.itertuples()]))
    return Section("offre", "Offre de soins", figures, tables, charts, maps, notes=notes)


def _accessibility(inputs: PortraitInputs, population: float) -> Section:
    c = inputs.communes
    apl = c["apl"].to_numpy(float)
    pop = c["population"].fillna(0).to_numpy(float)
    source = indicator("apl_mean").source
    under = float(pop[GP_APL.below(apl)].sum()) if len(c) else 0.0
    share_under = 100.0 * under / population if population else None
    mean = weighted_mean(apl, c["demand"] if "demand" in c else pop)
    nearest = c["nearest_minutes"].to_numpy(float)
    dept = _ref(inputs, "departement")
    comparisons = {}
    if dept is not None and dept.population_under_threshold is not None and dept.population:
        comparisons[dept.label] = 100.0 * dept.population_under_threshold / dept.population
    figures = [
        _figure("apl_mean", mean, inputs.apl_vintage, source, inputs.fictive),
        _figure("share_under_2_5", share_under, inputs.apl_vintage, source, inputs.fictive, comparisons),
        _figure("population_under_2_5", under, inputs.apl_vintage, source, inputs.fictive),
    ]
    for minutes in NEAREST_LIMITS:
        beyond = float(pop[~(nearest <= minutes)].sum()) if len(c) else 0.0
        figures.append(_figure(f"beyond_{minutes}", beyond, inputs.apl_vintage, source, inputs.fictive))
    for age in sorted(RETIREMENT_AGES, reverse=True):
        if str(age) not in inputs.retirement:
            continue
        mean_after, under_after = inputs.retirement[str(age)]
        figures.append(_figure(f"apl_if_{age}_stop", mean_after, inputs.apl_vintage, source, inputs.fictive))
        figures.append(_figure(f"under_if_{age}_stop", under_after, inputs.apl_vintage, source, inputs.fictive))
    charts = []
    if dept is not None and dept.apl_values:
        charts.append(Chart("apl_strip", f"APL des communes face à celles du département ({dept.label})", "strip", {
            "reference_label": dept.label, "reference_values": dept.apl_values,
            "values": [{"label": n, "value": _value(v)} for n, v in zip(c["name"], apl, strict=True)],
            "threshold": GP_APL.threshold, "decimals": indicator("apl").decimals}, unit=indicator("apl").unit,
            source=source,
            description="Chaque point est une commune du territoire ; la boîte résume les communes du département."))
    if len(c):
        finite = apl[np.isfinite(apl)]
        top = max(6.0, float(np.ceil(finite.max()))) if finite.size else 6.0
        edges = sorted({0.0, 1.0, 2.0, 3.0, 5.0, *(b.upper for b in GP_APL.classes[:-1])}) + [top + 1e-9]
        counts = np.histogram(finite, bins=edges)[0].tolist() if finite.size else [0] * (len(edges) - 1)
        charts.append(Chart("apl_histogram", "Répartition des communes par APL", "histogram",
                            {"bins": edges, "counts": counts, "threshold": GP_APL.threshold, "count_unit": "communes",
                             "decimals": 1}, unit=indicator("apl").unit, source=source,
                            description="Nombre de communes par tranche d'APL."))
    maps = [MapLayer("apl_map", "APL aux médecins généralistes par commune", "apl", GP_APL, source),
            MapLayer("nearest_map", "Temps d'accès au médecin généraliste le plus proche", "nearest_minutes",
                     NEAREST, source)]
    notes = ["Temps de trajet estimés à partir de la distance à vol d'oiseau, par un modèle calé sur le "
             "distancier Metric de l'Insee qu'utilise la DREES (écart médian d'environ 1 minute sous 25 minutes, "
             "8 % au-delà) : proches des temps officiels, mais pas identiques."]
    if inputs.published_vintage:
        notes.append(f"L'APL publiée par la DREES ({inputs.published_vintage}) figure dans le tableau des communes, "
                     "à côté du calcul, sans être mélangée.")
    return Section("accessibilite", "Accessibilité aux soins", figures, charts=charts, maps=maps, notes=notes)


def _communes_table(inputs: PortraitInputs) -> Table:
    c = inputs.communes
    area = indicator("area")
    columns = [Column("insee_code", "Code INSEE"), Column("name", "Commune"), _column("population"),
               Column("area_km2", area.column_label, area.unit, area.decimals), _column("density")]
    columns += [_column(f"n_{profession}") for profession in PROFESSION_LABELS]
    columns += [_column("gp_per_10k"), _column("apl"), Column("apl_class", "Classe d'APL"), _column("nearest_minutes")]
    if inputs.published_vintage:
        columns.append(Column("apl_published", f"APL publiée DREES {inputs.published_vintage}",
                              indicator("apl").unit, 2))
    columns.append(Column("qpv_count", "Quartiers prioritaires", "QPV"))
    rows = []
    for r in c.to_dict("records"):
        pop = _value(r.get("population"))
        area = _value(r.get("area_km2"))
        apl = _value(r.get("apl"))
        nearest = _value(r.get("nearest_minutes"))
        row = {"insee_code": r["insee_code"], "name": r["name"], "population": None if pop is None else int(pop),
               "area_km2": area, "density": pop / area if pop is not None and area else None,
               "gp_per_10k": per_10k(r.get("n_medecin_generaliste") or 0, pop),
               "apl": apl, "apl_class": None if apl is None else GP_APL.of(apl).label,
               "nearest_minutes": nearest if nearest is not None and math.isfinite(nearest) else None,
               "apl_published": _value(r.get("apl_published")),
               "qpv_count": int(r.get("qpv_count") or 0) if inputs.qpv_imported else UNAVAILABLE}
        for profession in PROFESSION_LABELS:
            row[f"n_{profession}"] = int(r.get(f"n_{profession}") or 0)
        rows.append({col.key: row.get(col.key) for col in columns})
    note = "Données fictives pour l'offre de soins." if inputs.fictive else ""
    return Table("communes", "Communes du territoire", columns, rows, "Santé Locale", note)


def _column(key: str) -> Column:
    ind = indicator(key)
    return Column(key, ind.column_label, ind.unit, ind.decimals)


def highlights(portrait: Portrait, inputs: PortraitInputs, limit: int = 5) -> list[str]:
    """The 3–5 most salient facts, in plain French, computed from the figures."""
    facts: list[tuple[float, str]] = []
    share = portrait.figure("share_under_2_5")
    if not share.is_missing:
        dept = next(iter(share.comparisons.items()), None)
        text = f"{fr_percent(share.value / 100, 0)} de la population vit dans une commune sous-dense en médecins " \
               f"généralistes (APL inférieure à {fr_number(GP_APL.threshold, 1)})"
        if dept is not None and dept[1] is not None:
            text += f", contre {fr_percent(dept[1] / 100, 0)} dans le département ({dept[0]})"
            weight = abs(share.value - dept[1]) + 5
        else:
            weight = share.value
        facts.append((weight, text + "."))
    gp = portrait.figure("density_medecin_generaliste")
    france = gp.comparisons.get("France") if gp.comparisons else None
    if not gp.is_missing and france:
        gap = 100.0 * (gp.value - france) / france
        word = "de plus" if gap > 0 else "de moins"
        facts.append((abs(gap) / 2, f"On compte {fr_number(gp.value, 1)} médecins généralistes pour 10 000 habitants, "
                      f"soit {fr_percent(abs(gap) / 100, 0)} {word} qu'en France ({fr_number(france, 1)})."))
    old = portrait.figure("gp_share_60_plus")
    unknown = portrait.figure("gp_age_unknown")
    if not old.is_missing:
        text = f"{fr_percent(old.value / 100, 0)} des médecins généralistes dont l'âge est connu ont 60 ans ou plus"
        if not unknown.is_missing and unknown.value > 0:
            text += f" (âge inconnu pour {fr_percent(unknown.value / 100, 0)})"
        facts.append((old.value / 2, text + "."))
    elif not unknown.is_missing and unknown.value > 0:
        facts.append((10, f"L'âge de {fr_percent(unknown.value / 100, 0)} des médecins généralistes est inconnu : "
                      "les départs à venir ne peuvent pas être estimés."))
    try:
        after = portrait.figure(f"under_if_{RETIREMENT_AGES[0]}_stop")
        before = portrait.figure("population_under_2_5")
    except KeyError:
        after = before = None
    if after is not None and not after.is_missing and not before.is_missing:
        extra = after.value - before.value
        if extra > 0:
            facts.append((30 * extra / max(portrait.figure("population").value or 1, 1) + 3,
                          f"Si les médecins généralistes de plus de {RETIREMENT_AGES[0]} ans cessaient leur activité, "
                          f"{fr_number(extra)} habitants de plus vivraient dans une commune sous-dense."))
    far = portrait.figure("beyond_20")
    if not far.is_missing and far.value > 0:
        facts.append((8, f"{fr_number(far.value)} habitants vivent à plus de 20 minutes du médecin généraliste le "
                      "plus proche."))
    facts.sort(key=lambda f: -f[0])
    chosen = [text for _, text in facts[:limit]]
    if not chosen:
        chosen = ["Aucun professionnel de santé n'est recensé dans ce territoire avec les données importées."]
    if inputs.fictive:
        chosen.append("Attention : l'offre de soins utilisée ici est fictive (démonstration).")
    return chosen
