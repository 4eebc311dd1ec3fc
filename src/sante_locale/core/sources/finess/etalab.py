"""Reader of the legacy etalab CSV stocks (``etalab-cs1100507-stock-*.csv``, ``…cs1100502…``)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from .._io import ENCODING_LABELS, decode_error, detect_encoding, open_text, sniff
from ..errors import SetAside, SourceError
from .common import (
    GEO_FIELDS,
    STRUCTUREET_FIELDS,
    Establishment,
    _attach_coordinates,
    _Builder,
    _check_epsg,
    _float,
)


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
        coords: list[tuple[str, float, float, int, str, int]] = []
        builder = _Builder(self, name)
        with open_text(path, self.encoding, pattern, "etalab-*.csv", newline="") as (_, text):
            reader = csv.reader(text, delimiter=";")
            data_lines = 0
            try:
                first = next(reader, None)
                self._check_first(name, first)
                previous: list[str] | None = None
                previous_line = 0
                for fields in reader:
                    data_lines += bool(fields and fields != [""])
                    if previous is not None:
                        self._line(builder, previous, previous_line, False, establishments, coords)
                    previous, previous_line = fields, reader.line_num
                if previous is not None:
                    self._line(builder, previous, previous_line, True, establishments, coords)
            except UnicodeDecodeError as exc:
                raise decode_error(name, reader.line_num + 1, self.encoding) from exc
            except csv.Error as exc:
                raise SourceError(name, reader.line_num, None, f"CSV mal formé ({exc})",
                                  "Téléchargez à nouveau l'extraction FINESS.") from None
        if not data_lines:
            raise SourceError(
                name, None, None, "le fichier ne contient que sa première ligne, aucun établissement",
                "Téléchargez à nouveau l'extraction FINESS complète sur data.gouv.fr.",
            )  # fmt: skip
        _attach_coordinates(establishments, coords, name)
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
        coords: list[tuple[str, float, float, int, str, int]],
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
                line,
            )
        )
