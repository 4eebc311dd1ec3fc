"""What the FINESS readers share: the fields, the establishment row, the reader interface, the
INSEE code and the projections (see the package docstring for the formats)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple, Protocol

from ..errors import SetAside, SourceError
from ..finess_categories import FINESS_CATEGORIES

#: The 32 fields of a ``structureet`` line (the first one is the tag itself).
STRUCTUREET_FIELDS: tuple[str, ...] = (
    "structureet", "nofinesset", "nofinessej", "rs", "rslongue", "complrs", "compldistrib",
    "numvoie", "typvoie", "voie", "compvoie", "lieuditbp", "commune", "departement",
    "libdepartement", "ligneacheminement", "telephone", "telecopie", "categetab",
    "libcategetab", "categagretab", "libcategagretab", "siret", "codeape", "codemft",
    "libmft", "codesph", "libsph", "dateouv", "dateautor", "datemaj", "numuai",
)  # fmt: skip
GEO_FIELDS: tuple[str, ...] = (
    "geolocalisation", "nofinesset", "coordxet", "coordyet", "sourcecoordet", "datemaj",
)  # fmt: skip

#: Projection names of older extracts → EPSG. Overseas UTM zones use the current legal
#: frames: RGAF09 (Antilles), RGFG95 (Guyane), RGR92 (Réunion), RGM04 (Mayotte),
#: RGSPM06 (Saint-Pierre-et-Miquelon).
EPSG_ALIASES: dict[str, int] = {
    "LAMBERT_93": 2154,
    "LAMBERT93": 2154,
    "UTM_N20": 5490,
    "UTM_N21": 4467,
    "UTM_N22": 2972,
    "UTM_S38": 4471,
    "UTM_S40": 2975,
    "WGS84": 4326,
    "WGS_84": 4326,
}

#: Overseas FINESS département codes → INSEE département code.
OVERSEAS_DEPARTEMENTS: dict[str, str] = {
    "9A": "971", "9B": "972", "9C": "973", "9D": "974", "9E": "975", "9F": "976", "9J": "986",
}  # fmt: skip
#: FINESS commune codes that changed in the COG (collectivités d'outre-mer since 2007).
COG_RENAMES: dict[str, str] = {"97123": "97701", "97127": "97801"}

JSON_LIST_KEYS = ("data", "results", "records", "etablissements")
_EPSG_RE = re.compile(r"EPSG\s*:\s*(\d+)", re.IGNORECASE)

CATEGORY_NOT_KEPT = "catégorie non retenue"


class Establishment(NamedTuple):
    """One FINESS establishment (``lon``/``lat`` in WGS84, ``None`` when absent)."""

    finess_code: str
    finess_ej: str
    name: str
    long_name: str
    address: str
    postcode: str
    commune_label: str
    insee_code: str
    departement_code: str
    category_code: str
    category_label: str
    kind: str
    siret: str
    ape_code: str
    opened_on: str
    updated_on: str
    lon: float | None
    lat: float | None
    epsg: int | None
    coord_source: str
    line: int


class FinessReader(Protocol):
    """Anything that reads FINESS establishments.

    Implementations keep ``set_aside`` (list of :class:`SetAside`) and ``encoding``
    attributes describing the last :meth:`read`.
    """

    set_aside: list[SetAside]
    encoding: str

    def read(self, path: str | Path) -> Iterator[Establishment]:
        """Yield the establishments of a file."""
        ...


def epsg_from_source(source: str) -> int | None:
    """Return the EPSG code named in a ``sourcecoordet`` string, or ``None``.

    Examples
    --------
    >>> epsg_from_source("1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole)")
    2154
    >>> epsg_from_source("1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93")
    2154
    >>> epsg_from_source("1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,UTM_N20")
    5490
    >>> epsg_from_source("1,ATLASANTE,100,IGN") is None
    True
    """
    match = _EPSG_RE.search(source)
    if match:
        return int(match.group(1))
    for token in re.split(r"[,\s]+", source.upper()):
        if token in EPSG_ALIASES:
            return EPSG_ALIASES[token]
    return None


def insee_from_finess(departement: str, commune: str) -> tuple[str, str] | None:
    """Combine the FINESS ``departement`` and ``commune`` fields into INSEE codes.

    Returns
    -------
    tuple of (insee_code, departement_code), or None
        ``None`` for a territory outside the COG (or malformed fields).

    Examples
    --------
    >>> insee_from_finess("01", "451")
    ('01451', '01')
    >>> insee_from_finess("2A", "004")
    ('2A004', '2A')
    >>> insee_from_finess("9D", "411")
    ('97411', '974')
    >>> insee_from_finess("9A", "127")
    ('97801', '978')
    """
    departement, commune = departement.strip(), commune.strip()
    if len(commune) != 3 or len(departement) != 2:
        return None
    if departement in OVERSEAS_DEPARTEMENTS:
        dep = OVERSEAS_DEPARTEMENTS[departement]
        if commune[0] != dep[2]:
            return None
        insee = dep[:2] + commune
        insee = COG_RENAMES.get(insee, insee)
        return insee, insee[:3]
    if departement[0] == "9" and not departement.isdigit():
        return None
    return departement + commune, departement


_TRANSFORMERS: dict[int, object] = {}


def _to_wgs84(epsg: int, xs: list[float], ys: list[float]) -> tuple[list[float], list[float]]:
    from pyproj import Transformer

    transformer = _TRANSFORMERS.get(epsg)
    if transformer is None:
        transformer = Transformer.from_crs(epsg, 4326, always_xy=True)
        _TRANSFORMERS[epsg] = transformer
    lon, lat = transformer.transform(xs, ys)  # type: ignore[attr-defined]
    return list(lon), list(lat)


def _check_epsg(name: str, line: int, column: str, source: str) -> int:
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    epsg = epsg_from_source(source)
    hint = (
        "Les projections attendues sont EPSG:2154 (Lambert-93), 5490 (Antilles), 2972 "
        "(Guyane), 2975 (La Réunion), 4471 (Mayotte) ; signalez ce fichier à l'équipe "
        "Santé Locale pour ajouter la projection."
    )
    if epsg is None:
        raise SourceError(name, line, column, f"système de coordonnées inconnu « {source} »", hint)
    if epsg not in _TRANSFORMERS:
        try:
            CRS.from_epsg(epsg)
        except CRSError:
            raise SourceError(
                name, line, column, f"code EPSG inconnu « EPSG:{epsg} » (« {source} »)", hint
            ) from None
    return epsg


def _address(fields: Mapping[str, str]) -> str:
    parts = (fields.get(k, "") for k in ("numvoie", "typvoie", "voie", "compvoie"))
    return " ".join(p.strip() for p in parts if p and p.strip())


def _split_acheminement(value: str) -> tuple[str, str]:
    value = value.strip()
    if len(value) > 6 and value[:5].isdigit() and value[5] == " ":
        return value[:5], value[6:]
    return "", value


class _Builder:
    """Shared validation of one establishment record (CSV line or JSON object)."""

    def __init__(self, reader: FinessReader, name: str) -> None:
        self.reader = reader
        self.name = name

    def build(self, rec: Mapping[str, str], line: int) -> Establishment | None:
        code = (rec.get("nofinesset") or "").strip()
        if len(code) != 9:
            raise SourceError(
                self.name,
                line,
                "nofinesset",
                f"numéro FINESS mal formé « {code} » (9 caractères attendus)",
                "Vérifiez que le fichier est une extraction FINESS établissements complète.",
            )
        category = (rec.get("categetab") or "").strip()
        retained = FINESS_CATEGORIES.get(category)
        if retained is None:
            self.reader.set_aside.append(SetAside(line, CATEGORY_NOT_KEPT, "categetab", category))
            return None
        place = insee_from_finess(rec.get("departement") or "", rec.get("commune") or "")
        if place is None:
            self.reader.set_aside.append(
                SetAside(
                    line,
                    "territoire hors COG ou code commune mal formé",
                    "departement",
                    f"{rec.get('departement', '')}/{rec.get('commune', '')}",
                )
            )
            return None
        insee, dep = place
        postcode, commune_label = _split_acheminement(rec.get("ligneacheminement") or "")
        return Establishment(
            finess_code=code,
            finess_ej=(rec.get("nofinessej") or "").strip(),
            name=(rec.get("rs") or "").strip(),
            long_name=(rec.get("rslongue") or "").strip(),
            address=_address(rec),
            postcode=postcode,
            commune_label=commune_label,
            insee_code=insee,
            departement_code=dep,
            category_code=category,
            category_label=retained.label,
            kind=retained.kind,
            siret=(rec.get("siret") or "").strip(),
            ape_code=(rec.get("codeape") or "").strip(),
            opened_on=(rec.get("dateouv") or "").strip(),
            updated_on=(rec.get("datemaj") or "").strip(),
            lon=None,
            lat=None,
            epsg=None,
            coord_source="",
            line=line,
        )


def _attach_coordinates(
    establishments: dict[str, Establishment],
    coords: list[tuple[str, float, float, int, str, int]],
    name: str = "",
) -> None:
    """Convert the projected coordinates to WGS84 and attach them.

    A point that does not land, in WGS84, inside the area where its projection is valid
    (pyproj's area of use, widened by one degree) is fatal: a ``-999`` or a swapped pair
    would otherwise put an establishment in the ocean.
    """
    by_epsg: dict[int, list[tuple[str, float, float, str, int]]] = {}
    for code, x, y, epsg, source, line in coords:
        by_epsg.setdefault(epsg, []).append((code, x, y, source, line))
    for epsg, items in by_epsg.items():
        lon, lat = _to_wgs84(epsg, [i[1] for i in items], [i[2] for i in items])
        west, south, east, north = _area(epsg)
        for (code, x, y, source, line), lo, la in zip(items, lon, lat, strict=True):
            if not (math.isfinite(lo) and math.isfinite(la) and west <= lo <= east and south <= la <= north):
                raise SourceError(
                    name, line, "coordxet",
                    f"coordonnées ({x:g} ; {y:g}) hors de la zone de validité de la projection EPSG:{epsg} "
                    f"(longitude {west:g} à {east:g}, latitude {south:g} à {north:g} une fois en WGS84)",
                    "Vérifiez les colonnes coordxet et coordyet de cette ligne (valeur manquante écrite -999, "
                    "coordonnées inversées) ou téléchargez à nouveau l'extraction FINESS.",
                )  # fmt: skip
            est = establishments[code]
            establishments[code] = est._replace(
                lon=round(lo, 7), lat=round(la, 7), epsg=epsg, coord_source=source
            )


def _area(epsg: int) -> tuple[float, float, float, float]:
    """WGS84 bounds (west, south, east, north) where ``epsg`` is valid, widened by 1°."""
    from pyproj import CRS

    area = CRS.from_epsg(epsg).area_of_use
    if area is None:
        return (-180.0, -90.0, 180.0, 90.0)
    return (max(area.west - 1, -180.0), max(area.south - 1, -90.0), min(area.east + 1, 180.0),
            min(area.north + 1, 90.0))


def _float(name: str, line: int, column: str, value: str) -> float:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise SourceError(
            name,
            line,
            column,
            f"coordonnée non numérique ou non finie « {value} »",
            "Téléchargez à nouveau l'extraction FINESS : la ligne est endommagée.",
        )
    return number


def _check_lonlat(name: str, line: int, lon: float, lat: float) -> None:
    """Refuse WGS84 degrees outside [-180 ; 180] × [-90 ; 90]."""
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise SourceError(
            name, line, "latitude" if abs(lon) <= 180 else "longitude",
            f"coordonnées hors des bornes du WGS84 (longitude {lon:g}, latitude {lat:g})",
            "La longitude est entre -180 et 180, la latitude entre -90 et 90, en degrés : vérifiez qu'elles "
            "ne sont pas inversées ou en mètres.",
        )  # fmt: skip
