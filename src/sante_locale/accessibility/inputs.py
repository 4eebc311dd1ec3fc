"""Read the inputs of an accessibility computation from the database, as DataFrames.

Demand units are the communes, with the arrondissements of Paris, Lyon and Marseille in
place of the three cities (as DREES publishes them). Supply is the professionals' activity
at their practice sites. Nothing here computes an indicator: ``core.access`` does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from django.db.models import Q

from sante_locale.core import clock
from sante_locale.core.access.parameters import AGE_WEIGHTS, APLParameters
from sante_locale.core.sources.insee import BROAD_BANDS, DREES_AGE_BANDS, five_year_bands
from sante_locale.offer.models import Activity, PublishedAPL, SupplyImport
from sante_locale.territories.models import Commune, PopulationByAge, ReferenceVintage


class InputError(ValueError):
    """An input is missing or unusable; the message (French) says what to import or fix."""


def demand_units(commune_ids=None, within=None) -> pd.DataFrame:
    """Demand units: ``pk, insee_code, name, population, lon, lat, area_km2, parent_id``.

    Cities split in arrondissements are replaced by them. ``commune_ids`` restricts the
    units (already expanded: pass arrondissements, not their city); ``within``, a box
    ``(lon_min, lon_max, lat_min, lat_max)`` in degrees, to those whose point lies in it.
    Units come in the order of their INSEE code whatever the filter, so that a subset is in
    the same order as the national frame (and sums over it are made in the same order).
    """
    qs = Commune.objects.filter(kind__in=("COM", "ARM"), lon__isnull=False)
    if commune_ids is not None:
        qs = qs.filter(pk__in=list(commune_ids))
    if within is not None:
        lon_min, lon_max, lat_min, lat_max = within
        qs = qs.filter(lon__gte=lon_min, lon__lte=lon_max, lat__gte=lat_min, lat__lte=lat_max)
    qs = qs.order_by("insee_code")
    rows = list(qs.values_list("pk", "insee_code", "name", "kind", "parent_id", "population", "lon", "lat",
                               "area_km2"))
    frame = pd.DataFrame(rows, columns=["pk", "insee_code", "name", "kind", "parent_id", "population", "lon",
                                        "lat", "area_km2"])
    split = set(frame.loc[frame["kind"] == "ARM", "parent_id"].dropna().astype(int))
    split |= set(Commune.objects.filter(kind="ARM").values_list("parent_id", flat=True).distinct()) & set(frame["pk"])
    frame = frame[~frame["pk"].isin(split)].reset_index(drop=True)
    frame["population"] = frame["population"].fillna(0).astype(float)
    frame["area_km2"] = frame["area_km2"].fillna(1.0).astype(float)
    return frame


def demand_vector(units: pd.DataFrame, params: APLParameters) -> tuple[np.ndarray, dict]:
    """The demand per unit for ``params.demand_mode``, and where it comes from."""
    population = units["population"].to_numpy(float)
    if params.demand_mode == "population":
        return population, {"demande": "population municipale (référentiel)"}
    ages = _age_bands(units)
    if ages is not None:
        weights = np.asarray(AGE_WEIGHTS[params.vintage], float)
        bands, vintage = ages
        if params.demand_mode == "age_bands":
            return bands, {"demande": f"population par tranche d'âge INSEE {vintage}"}
        return bands @ weights, {"demande": f"population standardisée (INSEE {vintage}, poids DREES {params.vintage})"}
    if params.demand_mode == "age_bands":
        raise InputError("Demande par tranches d'âge impossible : aucune population par âge n'est importée. "
                         "Importez le fichier INSEE (sante-locale import insee FICHIER) ou choisissez "
                         "--demande standardisee ou population.")
    published = _published_standardised(units)
    if published is not None:
        values, vintage = published
        return values, {"demande": f"population standardisée publiée par la DREES ({vintage})"}
    return population, {"demande": "population municipale, non standardisée (âges non importés)"}


#: Up to this many units, rows are read from a box around them; beyond (all of France),
#: reading every row is as fast.
IN_LIST_MAX = 5000


def _of_units(qs, units: pd.DataFrame, *fields: str) -> list:
    """``fields`` of the rows of ``qs`` (rows with a ``commune``) that belong to ``units``.

    When the units are few, the database is asked for a box around their points (four
    parameters rather than a list of thousands of keys), and the rows are then kept by key.
    """
    if len(units) <= IN_LIST_MAX and len(units) and units["lon"].notna().all():
        qs = qs.filter(commune__lon__gte=float(units["lon"].min()), commune__lon__lte=float(units["lon"].max()),
                       commune__lat__gte=float(units["lat"].min()), commune__lat__lte=float(units["lat"].max()))
    keys = set(units["pk"].tolist())
    return [row for row in qs.values_list("commune_id", *fields) if row[0] in keys]


def _age_bands(units: pd.DataFrame):
    rows = _of_units(PopulationByAge.objects.all(), units, "bands", "vintage")
    if not rows:
        return None
    by_pk = {pk: bands for pk, bands, _ in rows}
    table = pd.DataFrame([by_pk.get(pk, {}) for pk in units["pk"]]).fillna(0.0)
    if all(b in table.columns for b in DREES_AGE_BANDS):
        bands = table[list(DREES_AGE_BANDS)]
    elif all(b in table.columns for b in BROAD_BANDS):
        bands = five_year_bands(table)
    else:
        return None
    return bands.to_numpy(float), rows[0][2]


def _published_standardised(units: pd.DataFrame):
    latest = PublishedAPL.objects.filter(profession="medecin_generaliste").order_by("-vintage").first()
    if latest is None:
        return None
    qs = PublishedAPL.objects.filter(vintage=latest.vintage, profession="medecin_generaliste")
    values = dict(_of_units(qs, units, "standardised_population"))
    out = np.array([values.get(pk) if values.get(pk) is not None else np.nan for pk in units["pk"]], float)
    if np.isnan(out).mean() > 0.5:
        return None
    fallback = units["population"].to_numpy(float)
    return np.where(np.isnan(out), fallback, out), latest.vintage


def supply_table(profession: str, units: pd.DataFrame | None = None, communes=None) -> pd.DataFrame:
    """One row per activity of ``profession``: ``professional_id, site_id, site_key, lon, lat,
    commune_pk, activity, age, mode, fte``.

    The DREES supply for GPs: libéraux, and salaried GPs of centres de santé (``mode`` is
    then ``centre_de_sante``, uncapped). Sites without coordinates take their commune's point.
    ``communes`` (primary keys) keeps the sites of these communes and those without a
    commune (a scenario reads its neighbourhood only; give ``units`` too, the demand units
    with these keys, and the database is asked for a box around them). Rows come in the
    order of the activities' keys, whatever the filter.
    """
    qs = Activity.objects.filter(profession=profession, site__isnull=False)
    keep = None
    if communes is not None:
        keep = {int(pk) for pk in communes}
        points = units[units["pk"].isin(keep)] if units is not None else None
        if points is not None and len(points) == len(keep):
            # a box around the communes' points in SQL (four parameters, not thousands), then
            # exactly these communes below
            box = Q(site__commune__lon__gte=float(points["lon"].min()), site__commune__lon__lte=float(points["lon"].max()),
                    site__commune__lat__gte=float(points["lat"].min()), site__commune__lat__lte=float(points["lat"].max()))
            qs = qs.filter(box | Q(site__commune__isnull=True))
        else:
            qs = qs.filter(Q(site__commune_id__in=list(keep)) | Q(site__commune__isnull=True))
    qs = qs.order_by("pk")
    rows = list(qs.values_list("professional_id", "site_id", "site__site_key", "site__lon", "site__lat",
                               "site__commune_id", "site__commune__lon", "site__commune__lat",
                               "acts_per_year", "professional__birth_year", "professional__age_status",
                               "mode", "site__kind"))
    columns = ["professional_id", "site_id", "site_key", "lon", "lat", "commune_pk", "commune_lon", "commune_lat",
               "activity", "birth_year", "age_status", "rpps_mode", "site_kind"]
    frame = pd.DataFrame(rows, columns=columns)
    if keep is not None:
        frame = frame[frame["commune_pk"].isin(keep) | frame["commune_pk"].isna()]
    if frame.empty:
        return frame.assign(age=[], mode=[], fte=[])
    frame["lon"] = frame["lon"].fillna(frame["commune_lon"])
    frame["lat"] = frame["lat"].fillna(frame["commune_lat"])
    frame = frame.dropna(subset=["lon", "lat"])
    cds = frame["site_kind"].fillna("").str.lower().str.startswith("centre de sant")
    frame["mode"] = np.where(cds, "centre_de_sante", np.where(frame["rpps_mode"] == "L", "liberal", "salarie"))
    if profession == "medecin_generaliste":
        frame = frame[(frame["mode"] != "salarie")]
    year = clock.current_year()
    known = frame["age_status"].isin(["known", "estimated"]) & frame["birth_year"].notna()
    frame["age"] = np.where(known, year - frame["birth_year"].fillna(year), np.nan)
    frame["activity"] = frame["activity"].astype(float)
    frame["fte"] = 1.0
    return frame.reset_index(drop=True)


def fictive_supply() -> bool:
    """Whether an imported supply is fictive (the demo's): every page that shows it says so,
    even before anything is computed."""
    return SupplyImport.objects.filter(fictive=True).exists()


def input_stamp() -> dict:
    """Sources and vintages of the inputs (stored with each result), and the year ages are
    computed for: a run with an age cut-off, or a portrait, is not reused the next year."""
    reference = ReferenceVintage.objects.first()
    imports = {s.kind: {"millesime": s.vintage, "fichier": s.file_name, "fictif": s.fictive,
                        "importe_le": s.imported_at.isoformat()} for s in SupplyImport.objects.all()}
    return {
        "referentiel": reference.source if reference else None,
        "referentiel_importe_le": reference.imported_at.isoformat() if reference else None,
        "imports": imports,
        "fictive": any(v["fictif"] for v in imports.values()),
        "annee_des_ages": clock.current_year(),
    }
