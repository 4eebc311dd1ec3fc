"""What we know of one territory, as plain data for the CLI and the pages.

Views and commands call :func:`describe`; they never compute figures themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import shapely
from django.db.models import Sum

from sante_locale.core import maps
from sante_locale.core.formats import collation_key
from sante_locale.core.referentiel import outline_of
from sante_locale.territories.citation import reference_citation
from sante_locale.territories.lookup import LEVEL_LABELS
from sante_locale.territories.models import (
    EPCI,
    Commune,
    Departement,
    Postcode,
    Region,
    Territory,
)


@dataclass
class Row:
    """One member or neighbour of a territory."""

    level: str
    code: str
    name: str
    population: int | None
    area_km2: float | None
    url: str
    postcodes: list[str] = field(default_factory=list)

    @property
    def density(self) -> float | None:
        return self.population / self.area_km2 if self.population is not None and self.area_km2 else None

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]


@dataclass
class Description:
    level: str
    kind_label: str
    code: str
    name: str
    population: int | None
    population_complete: bool
    area_km2: float | None
    vintage: str  # year of the municipal population (« 2017 »), empty when not checked
    source: str  # what a person cites: « Population municipale 2017 (INSEE), COG 2025 »
    cog_vintage: str = ""
    postcodes: list[str] = field(default_factory=list)  # of the commune, or of every member commune
    parents: list[Row] = field(default_factory=list)
    members: list[Row] = field(default_factory=list)
    members_label: str = "Communes"
    neighbours: list[Row] = field(default_factory=list)
    commune_count: int = 0

    @property
    def density(self) -> float | None:
        return self.population / self.area_km2 if self.population is not None and self.area_km2 else None

    def as_dict(self) -> dict:
        def rows(items):
            return [{"niveau": r.level, "code": r.code, "nom": r.name, "population": r.population,
                     "superficie_km2": None if r.area_km2 is None else round(r.area_km2, 2),
                     **({"codes_postaux": r.postcodes} if r.level == "commune" else {})} for r in items]

        return {
            "niveau": self.level, "nature": self.kind_label, "code": self.code, "nom": self.name,
            "population": self.population, "population_complete": self.population_complete,
            "superficie_km2": None if self.area_km2 is None else round(self.area_km2, 2),
            "densite_hab_km2": None if self.density is None else round(self.density, 1),
            "nombre_communes": self.commune_count, "millesime": self.vintage, "millesime_cog": self.cog_vintage,
            "source": self.source, "codes_postaux": self.postcodes,
            "rattachements": rows(self.parents), "composition": rows(self.members),
            "voisins": rows(self.neighbours),
        }


#: the foreign keys of a commune: a related manager (``epci.communes``) reads its own key on every
#: row, so ``only()`` must keep them or each row costs one more query
RELATED = ("epci", "departement", "parent")


def _row(unit) -> Row:
    return Row(unit.level, unit.code, unit.name, unit.population, unit.area_km2, unit.get_absolute_url())


def _postcodes(commune_ids) -> dict[int, list[str]]:
    """Postcodes of each commune (sorted), one query."""
    out: dict[int, list[str]] = {}
    for commune_id, code in Postcode.objects.filter(commune_id__in=commune_ids).order_by("code").values_list(
            "commune_id", "code"):
        out.setdefault(commune_id, []).append(code)
    return out


def member_communes(unit):
    """Queryset of the listed communes (COM and, for Paris/Lyon/Marseille, ARM) of ``unit``."""
    if isinstance(unit, Commune):
        return unit.children.filter(kind="ARM")
    if isinstance(unit, EPCI):
        return unit.communes.filter(kind="COM")
    if isinstance(unit, Departement):
        return unit.communes.filter(kind="COM")
    if isinstance(unit, Region):
        return Commune.objects.filter(kind="COM", departement__region=unit)
    if isinstance(unit, Territory):
        return unit.communes.all()
    raise TypeError(f"not a territory: {type(unit).__name__}")


def describe(unit) -> Description:
    citation = reference_citation()
    members = sorted(member_communes(unit).only("insee_code", "name", "population", "area_km2", "kind", *RELATED),
                     key=lambda c: (-(c.population or 0), collation_key(c.name)))  # ties in French order
    if isinstance(unit, Territory):
        agg = unit.communes.aggregate(pop=Sum("population"), area=Sum("area_km2"))
        population, area = agg["pop"], agg["area"]
        complete = not unit.communes.filter(population__isnull=True).exists()
    else:
        population, area = unit.population, unit.area_km2
        complete = getattr(unit, "population_complete", unit.population is not None)
    d = Description(unit.level, unit.kind_label, unit.code, unit.name, population, complete, area,
                    citation.population_year if citation else "",
                    citation.text if citation else "référentiel non importé",
                    citation.cog_year if citation else "")
    d.members = [_row(c) for c in members]
    d.commune_count = len(d.members)
    if not isinstance(unit, Departement | Region):  # a département has hundreds of postcodes: listed per commune
        own = [unit.pk] if isinstance(unit, Commune) else []
        codes = _postcodes(own + [c.pk for c in members])
        for row, commune in zip(d.members, members, strict=True):
            row.postcodes = codes.get(commune.pk, [])
        d.postcodes = codes.get(unit.pk) if own and codes.get(unit.pk) else sorted(
            {code for values in codes.values() for code in values})
    if isinstance(unit, Region):
        d.members = [_row(x) for x in unit.departements.order_by("-population")]
        d.members_label = "Départements"
    d.parents = _parents(unit)
    d.neighbours = _neighbours(unit)
    if isinstance(unit, Commune):
        d.members_label = "Arrondissements municipaux"
        d.commune_count = 1
    return d


def _parents(unit) -> list[Row]:
    parents = []
    if isinstance(unit, Commune):
        if unit.parent_id:
            parents.append(_row(unit.parent))
        if unit.epci_id:
            parents.append(_row(unit.epci))
        dept = unit.departement or (unit.parent.departement if unit.parent_id else None)
        if dept:
            parents += [_row(dept), _row(dept.region)]
    elif isinstance(unit, EPCI | Territory):
        depts = Departement.objects.filter(communes__in=member_communes(unit)).distinct().select_related("region")
        parents += [_row(d) for d in depts]
        parents += [_row(r) for r in {d.region_id: d.region for d in depts}.values()]
    elif isinstance(unit, Departement):
        parents.append(_row(unit.region))
    return parents


def _neighbours(unit) -> list[Row]:
    if isinstance(unit, Commune):
        return [_row(c) for c in unit.neighbours.all().order_by("-population")]
    if isinstance(unit, Territory):
        return []
    inside = member_communes(unit)
    around = Commune.objects.filter(neighbours__in=inside).exclude(pk__in=inside).distinct()
    if isinstance(unit, EPCI):
        units = EPCI.objects.filter(communes__in=around).distinct()
    elif isinstance(unit, Departement):
        units = Departement.objects.filter(communes__in=around).distinct()
    else:
        units = Region.objects.filter(departements__communes__in=around).distinct()
    return [_row(u) for u in units.order_by("-population")]


def outline(unit):
    """The outline of ``unit`` (derived from its communes for a custom territory)."""
    if isinstance(unit, Territory):
        return outline_of([c.shape() for c in unit.communes.all() if c.geometry])
    return unit.shape()


def territory_map(unit, width: int = 800, height: int = 600) -> maps.SvgMap:
    """The outline of ``unit`` and its communes, simplified to the map's zoom."""
    features = []
    if isinstance(unit, Region):
        communes = list(unit.departements.only("departement_code", "name", "population", "geometry"))
    else:
        communes = list(member_communes(unit).only("insee_code", "name", "population", "geometry", *RELATED))
    for c in communes:
        features.append((c.shape(), {"kind": "commune", "code": c.code, "name": c.name,
                                     "population": c.population, "url": c.get_absolute_url()}))
    shape = outline(unit)
    if shape is not None:
        features.append((shape, {"kind": "outline", "code": unit.code, "name": unit.name}))
    if not communes and isinstance(unit, Commune):
        neighbours = list(unit.neighbours.only("insee_code", "name", "geometry"))
        features = [(n.shape(), {"kind": "neighbour", "code": n.insee_code, "name": n.name,
                                 "url": n.get_absolute_url()}) for n in neighbours] + features
        bounds_geom = shape
        result = maps.draw([(bounds_geom, {"kind": "frame"})], width, height)
        # draw neighbours with the commune's own framing: clip them to a box around it
        if bounds_geom is not None:
            frame = shapely.box(*shapely.buffer(bounds_geom.envelope, max(
                bounds_geom.bounds[2] - bounds_geom.bounds[0], 0.01) * 0.35).bounds)
            features = [(g.intersection(frame) if g is not None else None, a) for g, a in features]
        return maps.draw(features, width, height) if result.shapes else result
    return maps.draw(features, width, height)
