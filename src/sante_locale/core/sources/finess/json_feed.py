"""Reader of the FINESS JSON feed (assumed layout, see the package docstring)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from .._io import decode_error, detect_encoding, json_problem, open_text, sniff
from ..errors import SetAside, SourceError
from .common import (
    JSON_LIST_KEYS,
    Establishment,
    _attach_coordinates,
    _Builder,
    _check_epsg,
    _check_lonlat,
    _float,
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
                f"JSON invalide ({json_problem(exc)})",
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
        coords: list[tuple[str, float, float, int, str, int]] = []
        records = self._records(name, text)
        if not records:
            raise SourceError(name, None, None, "le fichier ne contient aucun établissement",
                              "Téléchargez à nouveau le flux FINESS complet.")
        for line, obj in records:
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
                _check_lonlat(name, line, est.lon, est.lat)
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
                        line,
                    )
                )
            establishments[est.finess_code] = est
        _attach_coordinates(establishments, coords, name)
        yield from establishments.values()
