"""The articulation of the dispositifs of a territory, gathered from the database for
:func:`sante_locale.core.articulation.articulate` (which computes everything).

Reading only: the APL comes from the national baseline the accessibility app serves (the
stored run, else computed in memory, never stored here). The user sees the dispositifs
they may see (``visible_to``); the portrait, cached for everyone, sees public ones only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from django.db.models import Max, Q, Sum
from django.urls import reverse

from sante_locale.accessibility import engine
from sante_locale.accessibility.inputs import InputError
from sante_locale.coordination.models import (
    LINK_KINDS,
    PARTNER_ROLES,
    Dispositif,
    DispositifLink,
    Funding,
    Partnership,
)
from sante_locale.core import maps
from sante_locale.core.access.parameters import default_parameters
from sante_locale.core.articulation import APL_THRESHOLD, Articulation, articulate
from sante_locale.core.formats import fr_number
from sante_locale.core.network import Edge, Network, Node, layout
from sante_locale.territories.describe import member_communes
from sante_locale.territories.models import EPCI, QPV, Commune, Departement, Region, Territory

#: at most this many dispositifs are drawn in the network graph (the text lists them all)
NETWORK_MAX_DISPOSITIFS = 40


@dataclass
class TerritoryArticulation:
    """An articulation with what the pages need to name things."""

    unit: object
    result: Articulation
    dispositifs: dict  # key -> Dispositif
    apl_source: str = ""

    def name(self, key) -> str:
        return self.dispositifs[key].name


def territory_communes(unit):
    """Communes of a territory for the articulation (a commune: itself)."""
    if isinstance(unit, Commune):
        return Commune.objects.filter(pk=unit.pk)
    return member_communes(unit)


def _communes_frame(unit) -> pd.DataFrame:
    rows = territory_communes(unit).values_list(
        "pk", "insee_code", "name", "population", "epci__epci_siren", "departement__departement_code",
        "departement__region__region_code")
    frame = pd.DataFrame(list(rows), columns=["pk", "insee_code", "name", "population", "epci_siren",
                                              "departement_code", "region_code"])
    frame["population"] = frame["population"].astype(float)
    return frame.sort_values(["population", "name"], ascending=[False, True], na_position="last").reset_index(
        drop=True)


def candidates(communes: pd.DataFrame, dispositifs):
    """Dispositifs of ``dispositifs`` whose perimeter may meet these communes."""
    codes = {level: sorted(set(communes[column].dropna().astype(str))) for level, column in (
        ("commune", "insee_code"), ("epci", "epci_siren"), ("departement", "departement_code"),
        ("region", "region_code"))}
    condition = Q(perimeter_level="territoire", perimeter_territory__communes__in=communes["pk"].tolist())
    for level, values in codes.items():
        condition |= Q(perimeter_level=level, perimeter_code__in=values)
    ids = dispositifs.filter(condition).values("pk")
    return Dispositif.objects.filter(pk__in=ids).select_related("kind", "carrier", "perimeter_territory")


def covering(unit, dispositifs):
    """Dispositifs of ``dispositifs`` covering at least one commune of ``unit`` (one SQL
    query: the territory's communes and their level codes are subqueries)."""
    communes = territory_communes(unit)
    condition = Q(perimeter_level="territoire", perimeter_territory__communes__in=communes.values("pk"))
    for level, field in (("commune", "insee_code"), ("epci", "epci__epci_siren"),
                         ("departement", "departement__departement_code"),
                         ("region", "departement__region__region_code")):
        condition |= Q(perimeter_level=level, perimeter_code__in=communes.exclude(**{f"{field}__isnull": True})
                       .values(field))
    return dispositifs.filter(pk__in=Dispositif.objects.filter(condition).values("pk"))


def _populations(found: list[Dispositif]) -> dict[int, float | None]:
    """Population of each dispositif's whole perimeter."""
    out: dict[int, float | None] = {}
    tables = {"commune": (Commune, "insee_code"), "epci": (EPCI, "epci_siren"),
              "departement": (Departement, "departement_code"), "region": (Region, "region_code")}
    for level, (model, field) in tables.items():
        mine = [d for d in found if d.perimeter_level == level]
        if mine:
            pops = dict(model.objects.filter(**{f"{field}__in": [d.perimeter_code for d in mine]})
                        .values_list(field, "population"))
            out.update({d.pk: pops.get(d.perimeter_code) for d in mine})
    territories = [d.perimeter_territory_id for d in found if d.perimeter_level == "territoire"]
    if territories:
        pops = dict(Territory.objects.filter(pk__in=territories).annotate(p=Sum("communes__population"))
                    .values_list("pk", "p"))
        out.update({d.pk: pops.get(d.perimeter_territory_id) for d in found if d.perimeter_level == "territoire"})
    return out


def _fundings(ids: list[int]) -> dict[int, tuple[float, int]]:
    """Funding of each dispositif for its latest year with a funding line: (amount, year)."""
    out: dict[int, tuple[float, int]] = {}
    for pk, year, total in (Funding.objects.filter(dispositif_id__in=ids).values("dispositif_id", "year")
                            .annotate(total=Sum("amount")).order_by("dispositif_id", "-year")
                            .values_list("dispositif_id", "year", "total")):
        out.setdefault(pk, (float(total), year))
    return out


def _apl(communes: pd.DataFrame) -> tuple[np.ndarray, str]:
    """APL of the communes from the national baseline (NaN when no supply is imported)."""
    try:
        run = engine.baseline(default_parameters())
    except InputError:
        return np.full(len(communes), np.nan), ""
    values = engine.run_frame(run, communes["pk"].tolist()).set_index("pk")["apl"]
    source = f"APL aux médecins généralistes calculée par Santé Locale ({run.created_at:%d/%m/%Y})"
    if run.fictive:
        source += ", offre de soins fictive (données fictives)"
    return communes["pk"].map(values).astype(float).to_numpy(), source


def gather(unit, user=None, public_only: bool = False, with_apl: bool = True) -> TerritoryArticulation:
    """The articulation of ``unit`` as ``user`` may see it (``public_only``: public dispositifs)."""
    communes = _communes_frame(unit)
    visible = Dispositif.objects.filter(is_public=True) if public_only else Dispositif.objects.visible_to(user)
    found = list(candidates(communes, visible).order_by("kind__order", "name", "pk"))
    populations = _populations(found)
    fundings = _fundings([d.pk for d in found])
    frame = pd.DataFrame([{
        "key": d.pk, "name": d.name, "kind": d.kind.key, "kind_label": d.kind.label, "level": d.perimeter_level,
        "code": d.perimeter_code, "population": populations.get(d.pk), "status": d.get_status_display(),
        "fte": float(d.coordinator_fte) if d.coordinator_fte is not None else np.nan,
        "funding": fundings[d.pk][0] if d.pk in fundings else np.nan,
        "funding_year": fundings[d.pk][1] if d.pk in fundings else None,
        "carrier": d.carrier.name} for d in found],
        columns=["key", "name", "kind", "kind_label", "level", "code", "population", "status", "fte", "funding",
                 "funding_year", "carrier"])
    members: dict[int, list[str]] = {}
    custom = {d.perimeter_territory_id: j for j, d in enumerate(found) if d.perimeter_level == "territoire"}
    for territory_id, code in Territory.communes.through.objects.filter(territory_id__in=list(custom)).values_list(
            "territory_id", "commune__insee_code"):
        members.setdefault(custom[territory_id], []).append(code)
    # the same custom territory may serve several dispositifs
    for j, d in enumerate(found):
        if d.perimeter_level == "territoire":
            members[j] = members.get(custom[d.perimeter_territory_id], [])
    qpv = pd.DataFrame(list(QPV.communes.through.objects.filter(commune_id__in=communes["pk"].tolist())
                            .values_list("qpv__qpv_code", "qpv__name", "commune__insee_code")),
                       columns=["qpv_code", "name", "insee_code"])
    ids = [d.pk for d in found]
    partners = [(pk, name) for pk, name in Partnership.objects.filter(dispositif_id__in=ids).values_list(
        "dispositif_id", "structure__name")] + [(d.pk, d.carrier.name) for d in found]
    partnerships = pd.DataFrame(partners, columns=["dispositif", "structure"])
    apl_source = ""
    if with_apl:
        communes["apl"], apl_source = _apl(communes)
    result = articulate(communes, frame, members, qpv, partnerships)
    if not apl_source:
        result.notes.append("APL inconnue (aucune offre de soins importée) : les communes sous le seuil de "
                            f"{fr_number(APL_THRESHOLD, 1)} hors CPTS ne peuvent pas être listées.")
    kept = set(result.dispositifs["key"])
    return TerritoryArticulation(unit, result, {d.pk: d for d in found if d.pk in kept}, apl_source)


def public_articulation(unit) -> Articulation | None:
    """The articulation of ``unit``'s public dispositifs, for the portrait (cached for all)."""
    result = gather(unit, public_only=True).result
    return result if len(result.dispositifs) else None


def coordination_stamp() -> list:
    """What the portrait cache key needs to follow the registry: the last change of any
    dispositif, partnership or funding line (from their history) and their counts."""
    out = []
    for model in (Dispositif, Partnership, Funding, DispositifLink):
        out.append(model.objects.count())
        out.append(str(model.history.aggregate(last=Max("history_date"))["last"]))
    return out


# --- drawings ------------------------------------------------------------------------------

LAYER_COLOURS = 8  # CSS classes layer-0 … layer-7


def layer_geometries(art: TerritoryArticulation) -> tuple[dict[str, object], dict[int, object]]:
    """Commune outlines (by INSEE code) and, per dispositif key, the union of its communes
    inside the territory (WGS84 shapely geometries)."""
    codes = art.result.communes["insee_code"].tolist()
    shapes = {c.insee_code: c.shape() for c in Commune.objects.filter(insee_code__in=codes).only(
        "insee_code", "geometry") if c.geometry}
    layers = {}
    for j, key in enumerate(art.result.dispositifs["key"]):
        parts = [shapes[codes[i]] for i in np.flatnonzero(art.result.coverage[:, j]) if codes[i] in shapes]
        if parts:
            layers[key] = union(parts)
    return shapes, layers


def union(parts: list):
    """The union of commune outlines: the fast coverage union when they only touch, the
    general one when some overlap (a few outlines of the reference do, slightly)."""
    try:
        return shapely.make_valid(shapely.coverage_union_all(parts))
    except shapely.errors.GEOSException:
        return shapely.union_all(shapely.make_valid(parts))


def articulation_map(art: TerritoryArticulation, width: int = 800, height: int = 600) -> maps.SvgMap:
    """The territory's communes and one outline layer per dispositif."""
    shapes, layers = layer_geometries(art)
    names = dict(zip(art.result.communes["insee_code"], art.result.communes["name"], strict=True))
    bare = set(art.result.communes.loc[art.result.uncovered, "insee_code"])
    features = [(g, {"kind": "commune", "code": code, "name": names.get(code, code), "bare": code in bare})
                for code, g in shapes.items()]
    for j, key in enumerate(art.result.dispositifs["key"]):
        if key in layers:
            features.append((layers[key], {"kind": "layer", "key": key, "index": j, "name": art.name(key),
                                           "css": f"layer-{j % LAYER_COLOURS}"}))
    return maps.draw(features, width, height)


def network(art: TerritoryArticulation, width: int = 800, height: int = 560) -> tuple[Network, bool]:
    """Dispositifs and the structures taking part in them (carrier, partners), and the links
    between dispositifs. Returns the drawing and whether it was cut to the largest ones."""
    frame = art.result.dispositifs.sort_values("population", ascending=False, na_position="last")
    keys = frame["key"].tolist()[:NETWORK_MAX_DISPOSITIFS]
    cut = len(frame) > len(keys)
    nodes = [Node(f"d:{k}", art.name(k), "dispositif", url=art.dispositifs[k].get_absolute_url()) for k in keys]
    edges, structures = [], {}
    for d in (art.dispositifs[k] for k in keys):
        structures[d.carrier_id] = d.carrier.name
        edges.append(Edge(f"s:{d.carrier_id}", f"d:{d.pk}", "porteur"))
    for pk, structure_id, name, role in Partnership.objects.filter(dispositif_id__in=keys).values_list(
            "dispositif_id", "structure_id", "structure__name", "role").order_by("structure__name"):
        structures[structure_id] = name
        edges.append(Edge(f"s:{structure_id}", f"d:{pk}", PARTNER_ROLES.get(role, role)))
    nodes += [Node(f"s:{pk}", name, "structure", url=reverse("structure", args=[pk])) for pk, name in
              sorted(structures.items(), key=lambda t: t[1])]
    for source, target, kind in DispositifLink.objects.filter(source_id__in=keys, target_id__in=keys).values_list(
            "source_id", "target_id", "kind"):
        edges.append(Edge(f"d:{source}", f"d:{target}", LINK_KINDS.get(kind, kind)))
    # one edge per pair: a structure both signatory and funder gets one line, both roles named
    merged: dict[tuple[str, str], Edge] = {}
    for e in edges:
        pair = (e.source, e.target)
        if pair in merged:
            if e.label not in merged[pair].label.split(", "):
                merged[pair].label += f", {e.label}"
        else:
            merged[pair] = e
    return layout(nodes, list(merged.values()), width, height), cut
