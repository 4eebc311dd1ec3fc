"""Readers of FINESS establishments: etalab CSV stocks and the JSON feed, one interface.

Legacy etalab extracts (data.gouv.fr)
-------------------------------------
``etalab-cs1100507-stock-*.csv`` (establishments **with** coordinates) and
``etalab-cs1100502-stock-*.csv`` (without: the caller uses the commune point). No header:
the first line is ``finess;etalab;<n>;<date>``, then ``structureet;`` lines (32 ``;``
fields, :data:`STRUCTUREET_FIELDS`) and, in cs1100507, ``geolocalisation;`` lines
(``nofinesset;coordxet;coordyet;sourcecoordet;datemaj``). Coordinates are projected: the
projection is read from ``sourcecoordet`` (``…,EPSG:2154 RGF93 / Lambert-93 (Métropole)``
in current files, ``…,LAMBERT_93`` / ``…,UTM_N20`` in older ones, see :func:`epsg_from_source`)
and converted to WGS84 with pyproj. An unknown projection is fatal.

INSEE code = ``departement`` (2 chars) + ``commune`` (3 chars): ``01`` + ``451`` → ``01451``,
``2A`` + ``004`` → ``2A004``; overseas FINESS départements ``9A``…``9F`` are 971…976 and the
commune field already carries the third digit (``9A`` + ``123`` → ``97123``); ``9J``
(Wallis-et-Futuna) → ``986`` (``98613``). FINESS still files Saint-Barthélemy and
Saint-Martin under their former Guadeloupe codes 97123 / 97127: they are mapped to the COG
codes 97701 / 97801. Other overseas codes are set aside (« territoire hors COG »).

JSON feed (assumed layout)
--------------------------
The daily JSON feed announced by ANS was not available to us; :class:`FinessJsonReader`
assumes records carrying **the same field names as the etalab file** (``nofinesset``,
``nofinessej``, ``rs``, ``rslongue``, ``numvoie``, ``typvoie``, ``voie``,
``ligneacheminement``, ``commune``, ``departement``, ``categetab``, ``libcategetab``,
``siret``, ``codeape``, ``dateouv``, ``datemaj``, and optionally ``coordxet``,
``coordyet``, ``sourcecoordet``), either as a JSON array, an object with the array under
``"data"``, ``"results"``, ``"records"`` or ``"etablissements"``, or JSON Lines (one object
per line). A record may also carry ``latitude``/``longitude`` in WGS84. Adjust
:data:`JSON_LIST_KEYS` when the real feed is published.

Example
-------
>>> from pathlib import Path
>>> sample = Path("/work/shared/data/samples/finess_etalab-cs1100502-stock-20260512_sample.csv")
>>> if sample.exists():
...     reader = EtalabStockReader()
...     rows = list(reader.read(sample))
...     print([(r.finess_code, r.insee_code, r.kind) for r in rows][:2])
[('010000024', '01451', 'hopital'), ('970102018', '97701', 'pmi')]
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple, Protocol

from ._io import ENCODING_LABELS, decode_error, detect_encoding, open_text, sniff
from .errors import SetAside, SourceError
from .finess_categories import FINESS_CATEGORIES

__all__ = [
    "EPSG_ALIASES",
    "STRUCTUREET_FIELDS",
    "Establishment",
    "EtalabStockReader",
    "FinessJsonReader",
    "FinessReader",
    "epsg_from_source",
    "insee_from_finess",
    "read_finess",
]

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

    def __init__(self, reader: EtalabStockReader | FinessJsonReader, name: str) -> None:
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
    coords: list[tuple[str, float, float, int, str]],
) -> None:
    by_epsg: dict[int, list[tuple[str, float, float, str]]] = {}
    for code, x, y, epsg, source in coords:
        by_epsg.setdefault(epsg, []).append((code, x, y, source))
    for epsg, items in by_epsg.items():
        lon, lat = _to_wgs84(epsg, [i[1] for i in items], [i[2] for i in items])
        for (code, _, _, source), lo, la in zip(items, lon, lat, strict=True):
            est = establishments[code]
            establishments[code] = est._replace(
                lon=round(lo, 7), lat=round(la, 7), epsg=epsg, coord_source=source
            )


def _float(name: str, line: int, column: str, value: str) -> float:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise SourceError(
            name,
            line,
            column,
            f"coordonnée non numérique « {value} »",
            "Téléchargez à nouveau l'extraction FINESS : la ligne est endommagée.",
        ) from None


class EtalabStockReader:
    """Reader of ``etalab-cs1100507-stock-*.csv`` and ``etalab-cs1100502-stock-*.csv``.

    Attributes after :meth:`read`: ``set_aside`` (categories not retained, territories
    outside the COG, establishments without coordinates), ``encoding``, ``file_name``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "etalab-cs1100507-stock-x.csv"
    >>> line = ";".join(["structureet", "620000001", "620000000", "PHARMACIE DU CENTRE"]
    ...                 + [""] * 8 + ["498", "62", "PAS-DE-CALAIS", "62300 LENS", "", "",
    ...                 "620", "Pharmacie d'Officine"] + [""] * 12)
    >>> geo = "geolocalisation;620000001;686000.0;7033000.0;1,ATLASANTE,96,BAN,EPSG:2154 RGF93;2026-05-04"
    >>> _ = p.write_text("finess;etalab;1;2026-05-12\\n" + line + "\\n" + geo + "\\n")
    >>> est = next(EtalabStockReader().read(p))
    >>> est.insee_code, est.kind, round(est.lon, 2), round(est.lat, 2)
    ('62498', 'pharmacie', 2.8, 50.39)
    """

    def __init__(self) -> None:
        self.set_aside: list[SetAside] = []
        self.encoding = ""
        self.file_name = ""

    @property
    def encoding_label(self) -> str:
        """French name of the detected encoding."""
        return ENCODING_LABELS.get(self.encoding, self.encoding)

    def read(self, path: str | Path) -> Iterator[Establishment]:
        """Yield retained establishments (after the whole file has been checked).

        Parameters
        ----------
        path : str or Path
            The CSV (or ``.gz``/``.zip`` containing it).

        Yields
        ------
        Establishment
        """
        self.set_aside = []
        pattern = re.compile(r"etalab.*\.csv$|finess.*\.csv$", re.IGNORECASE)
        name, head = sniff(path, pattern, "etalab-cs1100507-stock-*.csv")
        self.file_name = name
        self.encoding = detect_encoding(head)
        establishments: dict[str, Establishment] = {}
        coords: list[tuple[str, float, float, int, str]] = []
        builder = _Builder(self, name)
        with open_text(path, self.encoding, pattern, "etalab-*.csv", newline="") as (_, text):
            reader = csv.reader(text, delimiter=";")
            try:
                first = next(reader, None)
                self._check_first(name, first)
                previous: list[str] | None = None
                previous_line = 0
                for fields in reader:
                    if previous is not None:
                        self._line(builder, previous, previous_line, False, establishments, coords)
                    previous, previous_line = fields, reader.line_num
                if previous is not None:
                    self._line(builder, previous, previous_line, True, establishments, coords)
            except UnicodeDecodeError as exc:
                raise decode_error(name, reader.line_num + 1, self.encoding) from exc
        _attach_coordinates(establishments, coords)
        self.set_aside.sort(key=lambda s: s.line)
        yield from establishments.values()

    @staticmethod
    def _check_first(name: str, first: list[str] | None) -> None:
        if first and first[0] == "finess" and len(first) >= 2:
            return
        raw = ";".join(first or [])
        if first and len(first) == 1 and ("|" in raw or "," in raw or "\t" in raw):
            sep = "|" if "|" in raw else ("\t" if "\t" in raw else ",")
            message = f"séparateur « {sep} » trouvé au lieu de « ; »"
        else:
            message = f"première ligne inattendue « {raw[:60]} » (attendu « finess;etalab;… »)"
        raise SourceError(
            name,
            1,
            None,
            message,
            "Importez l'extraction FINESS établissements de data.gouv.fr telle que "
            "téléchargée, sans la réenregistrer dans un tableur.",
        )

    def _line(
        self,
        builder: _Builder,
        fields: list[str],
        line: int,
        is_last: bool,
        establishments: dict[str, Establishment],
        coords: list[tuple[str, float, float, int, str]],
    ) -> None:
        if not fields or fields == [""]:
            return
        tag = fields[0]
        if tag == "structureet":
            expected = STRUCTUREET_FIELDS
        elif tag == "geolocalisation":
            expected = GEO_FIELDS
        else:
            self.set_aside.append(SetAside(line, "type de ligne inconnu", None, tag))
            return
        if len(fields) != len(expected):
            truncated = is_last and len(fields) < len(expected)
            column = expected[min(len(fields), len(expected)) - 1]
            message = (
                f"dernière ligne tronquée ({len(fields)} champs au lieu de {len(expected)})"
                if truncated
                else f"{len(fields)} champs au lieu de {len(expected)} pour une ligne « {tag} »"
            )
            raise SourceError(
                builder.name,
                line,
                column,
                message,
                "Téléchargez à nouveau le fichier complet : il est endommagé. Rien n'a été "
                "importé.",
            )
        if tag == "structureet":
            rec = dict(zip(expected, fields, strict=True))
            est = builder.build(rec, line)
            if est is None:
                return
            if est.finess_code in establishments:
                self.set_aside.append(
                    SetAside(
                        line,
                        f"ligne en double (établissement déjà lu ligne "
                        f"{establishments[est.finess_code].line})",
                        "nofinesset",
                        est.finess_code,
                    )
                )
                return
            establishments[est.finess_code] = est
            return
        code, x, y, source = fields[1], fields[2].strip(), fields[3].strip(), fields[4]
        if code not in establishments:
            return  # category not retained, or no structureet line
        if not x or not y:
            self.set_aside.append(SetAside(line, "coordonnées vides", "coordxet", code))
            return
        epsg = _check_epsg(builder.name, line, "sourcecoordet", source)
        coords.append(
            (
                code,
                _float(builder.name, line, "coordxet", x),
                _float(builder.name, line, "coordyet", y),
                epsg,
                source,
            )
        )


class FinessJsonReader:
    """Reader of the FINESS JSON feed, same interface as :class:`EtalabStockReader`.

    The layout is an assumption (see the module docstring). ``line`` in rows and errors is
    the 1-based record number (the physical line for JSON Lines).

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "finess.json"
    >>> _ = p.write_text(json.dumps([{"nofinesset": "620000001", "categetab": "124",
    ...     "departement": "62", "commune": "498", "latitude": 50.43, "longitude": 2.83}]))
    >>> [(e.insee_code, e.kind, e.lat) for e in FinessJsonReader().read(p)]
    [('62498', 'centre_de_sante', 50.43)]
    """

    def __init__(self) -> None:
        self.set_aside: list[SetAside] = []
        self.encoding = ""
        self.file_name = ""

    def _records(self, name: str, text: str) -> list[tuple[int, object]]:
        stripped = text.lstrip()
        try:
            if stripped.startswith("[") or stripped.startswith("{") and "\n{" not in stripped:
                doc = json.loads(text)
                if isinstance(doc, dict):
                    for key in JSON_LIST_KEYS:
                        if isinstance(doc.get(key), list):
                            doc = doc[key]
                            break
                    else:
                        raise SourceError(
                            name,
                            None,
                            None,
                            "aucune liste d'établissements trouvée (clés attendues : "
                            + ", ".join(JSON_LIST_KEYS)
                            + f" ; clés trouvées : {', '.join(list(doc)[:10])})",
                            "Vérifiez que le fichier est le flux FINESS établissements.",
                        )
                return list(enumerate(doc, start=1))
            out: list[tuple[int, object]] = []
            for i, raw in enumerate(text.splitlines(), start=1):
                if raw.strip():
                    out.append((i, json.loads(raw)))
            return out
        except json.JSONDecodeError as exc:
            raise SourceError(
                name,
                exc.lineno,
                None,
                f"JSON invalide ({exc.msg}, colonne {exc.colno})",
                "Le fichier est tronqué ou endommagé : téléchargez-le à nouveau.",
            ) from None

    def read(self, path: str | Path) -> Iterator[Establishment]:
        """Yield retained establishments of a JSON / JSON Lines file."""
        self.set_aside = []
        name, head = sniff(path, re.compile(r"\.jsonl?$|\.ndjson$", re.IGNORECASE), "*.json")
        self.file_name = name
        self.encoding = detect_encoding(head)
        with open_text(path, self.encoding, re.compile(r"\.(json|jsonl|ndjson)$")) as (_, t):
            try:
                text = t.read()
            except UnicodeDecodeError as exc:
                raise decode_error(name, None, self.encoding) from exc
        builder = _Builder(self, name)
        establishments: dict[str, Establishment] = {}
        coords: list[tuple[str, float, float, int, str]] = []
        for line, obj in self._records(name, text):
            if not isinstance(obj, dict):
                raise SourceError(
                    name, line, None, "enregistrement qui n'est pas un objet JSON", ""
                )
            rec = {k: "" if v is None else str(v) for k, v in obj.items()}
            est = builder.build(rec, line)
            if est is None:
                continue
            if est.finess_code in establishments:
                self.set_aside.append(
                    SetAside(line, "enregistrement en double", "nofinesset", est.finess_code)
                )
                continue
            if rec.get("latitude") and rec.get("longitude"):
                est = est._replace(
                    lat=_float(name, line, "latitude", rec["latitude"]),
                    lon=_float(name, line, "longitude", rec["longitude"]),
                    epsg=4326,
                    coord_source="latitude/longitude",
                )
            elif rec.get("coordxet") and rec.get("coordyet"):
                source = rec.get("sourcecoordet", "")
                epsg = _check_epsg(name, line, "sourcecoordet", source)
                coords.append(
                    (
                        est.finess_code,
                        _float(name, line, "coordxet", rec["coordxet"]),
                        _float(name, line, "coordyet", rec["coordyet"]),
                        epsg,
                        source,
                    )
                )
            establishments[est.finess_code] = est
        _attach_coordinates(establishments, coords)
        yield from establishments.values()


def read_finess(path: str | Path, reader: FinessReader | None = None):
    """Read a FINESS file into a DataFrame (one row per retained establishment).

    Parameters
    ----------
    path : str or Path
        etalab CSV, or JSON / JSON Lines (chosen from the extension when ``reader`` is None).
    reader : FinessReader, optional
        Explicit reader.

    Returns
    -------
    tuple of (pandas.DataFrame, list of SetAside)
        Columns are the fields of :class:`Establishment`.

    Examples
    --------
    >>> from pathlib import Path
    >>> p = Path("/work/shared/data/samples/finess_etalab-cs1100502-stock-20260512_sample.csv")
    >>> if p.exists():
    ...     df, set_aside = read_finess(p)
    ...     print(len(df), sorted(df["kind"].unique()))
    8 ['cmpp', 'hopital', 'pmi']
    """
    import pandas as pd

    if reader is None:
        suffixes = "".join(Path(path).suffixes).lower()
        reader = FinessJsonReader() if ".json" in suffixes else EtalabStockReader()
    rows = list(reader.read(path))
    return pd.DataFrame(rows, columns=list(Establishment._fields)), reader.set_aside
