"""The reader of the Annuaire Santé extract (see the package docstring for the format)."""

from __future__ import annotations

import sys
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ...professions import profession_from_rpps
from .._io import ENCODING_LABELS, decode_error, detect_encoding, open_text, sniff
from ..errors import SetAside, SourceError
from .format import (
    _USED,
    C_COMMUNE,
    C_ID,
    C_NAME,
    C_POSTCODE,
    MEMBER_PATTERN,
    RPPS_COLUMNS,
    WHAT,
    _check_header,
)
from .teleconsultation import TELECONSULTATION, TeleconsultationFilter, _fold


class RppsLine(NamedTuple):
    """One validated activity line of the Annuaire Santé.

    ``site_key`` is ``None`` for a professional without a practice site (registered but not
    practising); then the address fields are empty. ``commune_source`` tells how
    ``insee_code`` was obtained: ``"commune"``, ``"code postal"`` or ``"code postal
    (commune la plus peuplée)"``.
    """

    line: int
    id_type: str
    rpps_id: str
    last_name: str
    first_name: str
    profession: str
    profession_code: str
    savoir_faire_code: str
    mode: str
    sector_code: str
    site_key: str | None
    siret: str
    finess_site: str
    finess_ej: str
    site_name: str
    address: str
    postcode: str
    insee_code: str
    commune_label: str
    commune_source: str


@dataclass
class RppsData:
    """Result of :func:`read_rpps`.

    Attributes
    ----------
    professionals : pandas.DataFrame
        ``rpps_id, id_type, last_name, first_name, profession, savoir_faire_code`` (one row
        per professional; profession of the first retained line).
    sites : pandas.DataFrame
        ``site_key, siret, finess_site, finess_ej, name, address, postcode, insee_code,
        commune_label, commune_source``.
    activities : pandas.DataFrame
        ``rpps_id, site_key, insee_code, profession, savoir_faire_code, mode, sector_code,
        line`` (``insee_code`` is the site's commune, repeated for convenience).
    set_aside : list of SetAside
        Rows left out, with the reason.
    encoding : str
        Codec used (``"utf-8"``, ``"latin-1"``…); ``encoding_label`` is its French name.
    skipped_professions : collections.Counter
        Lines of professions the product does not count, by ``Code profession``.
    """

    professionals: pd.DataFrame
    sites: pd.DataFrame
    activities: pd.DataFrame
    set_aside: list[SetAside]
    encoding: str
    file_name: str
    lines_read: int
    skipped_professions: Counter[str] = field(default_factory=Counter)

    @property
    def encoding_label(self) -> str:
        """French name of the encoding used."""
        return ENCODING_LABELS.get(self.encoding, self.encoding)


def _intern(cache: dict[str, str], value: str) -> str:
    got = cache.get(value)
    if got is None:
        cache[value] = value
        return value
    return got


class RppsReader:
    """Streaming reader of ``PS_LibreAcces_Personne_activite_*.txt`` (or its ZIP).

    Iterating yields :class:`RppsLine` rows; set-aside rows accumulate in
    :attr:`set_aside`. :meth:`read` groups everything into DataFrames.

    Parameters
    ----------
    path : str or Path
        ``.txt`` file, ``.gz`` or the ZIP archive as downloaded.
    known_communes : set of str, optional
        INSEE codes accepted (communes and arrondissements municipaux); a code outside it is
        set aside. ``None`` accepts any 5-character code.
    postcode_to_insee : mapping of str to list of str, optional
        Postcode → INSEE codes, to fill an empty ``Code commune``.
    populations : mapping of str to float, optional
        INSEE code → population, to choose among the communes of an ambiguous postcode.
    teleconsultation : TeleconsultationFilter, optional
        Which sites are teleconsultation platforms.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp()) / "PS_LibreAcces_Personne_activite_x.txt"
    >>> _ = tmp.write_text("|".join(RPPS_COLUMNS) + "|\\n", encoding="utf-8")
    >>> reader = RppsReader(tmp)
    >>> reader.encoding
    'utf-8'
    >>> list(reader)
    Traceback (most recent call last):
    ...
    sante_locale.core.sources.errors.SourceError: fichier PS_LibreAcces_Personne_activite_x.txt : le fichier ne contient que l'en-tête, aucune ligne de données. Téléchargez à nouveau l'extraction complète sur annuaire.sante.fr.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        known_communes: set[str] | frozenset[str] | None = None,
        postcode_to_insee: Mapping[str, Sequence[str]] | None = None,
        populations: Mapping[str, float] | None = None,
        teleconsultation: TeleconsultationFilter | None = None,
    ) -> None:
        self.path = Path(path)
        self.known_communes = known_communes
        self.postcode_to_insee = postcode_to_insee
        self.populations = populations
        self.teleconsultation = teleconsultation or TeleconsultationFilter()
        self.set_aside: list[SetAside] = []
        self.skipped_professions: Counter[str] = Counter()
        self.lines_read = 0
        self.file_name, head = sniff(self.path, MEMBER_PATTERN, WHAT)
        self.encoding = detect_encoding(head)

    @property
    def encoding_label(self) -> str:
        """French name of the detected encoding (e.g. ``"Latin-1 (ISO-8859-1)"``)."""
        return ENCODING_LABELS.get(self.encoding, self.encoding)

    # -- commune resolution -------------------------------------------------------------
    def _resolve_commune(self, lineno: int, code: str, postcode: str) -> tuple[str, str] | None:
        source = "commune"
        if not code:
            mapping = self.postcode_to_insee
            candidates = list(mapping.get(postcode, ())) if postcode and mapping else []
            if not candidates:
                if not postcode:
                    reason = "code commune et code postal vides"
                elif mapping is None:
                    reason = (
                        "code commune vide (aucune correspondance code postal → commune fournie)"
                    )
                else:
                    reason = "code commune vide et code postal inconnu"
                self.set_aside.append(SetAside(lineno, reason, C_POSTCODE, postcode))
                return None
            if len(candidates) == 1:
                code, source = candidates[0], "code postal"
            elif self.populations is not None:
                code = max(candidates, key=lambda c: self.populations.get(c, -1.0))  # type: ignore[union-attr]
                source = "code postal (commune la plus peuplée)"
            else:
                self.set_aside.append(
                    SetAside(
                        lineno,
                        "code commune vide et code postal partagé par plusieurs communes "
                        f"({', '.join(sorted(candidates))})",
                        C_POSTCODE,
                        postcode,
                    )
                )
                return None
        if self.known_communes is not None:
            if code not in self.known_communes:
                self.set_aside.append(SetAside(lineno, "code commune inconnu", C_COMMUNE, code))
                return None
        elif len(code) != 5:
            self.set_aside.append(SetAside(lineno, "code commune mal formé", C_COMMUNE, code))
            return None
        return code, source

    # -- iteration ----------------------------------------------------------------------
    def __iter__(self) -> Iterator[RppsLine]:
        name = self.file_name
        with open_text(self.path, self.encoding, MEMBER_PATTERN, WHAT) as (_, text):
            lines = iter(text)
            lineno = 1
            try:
                header = next(lines).rstrip("\r\n")
                index, n_fields = _check_header(name, header)
                yield from self._iter_body(lines, index, n_fields)
            except UnicodeDecodeError as exc:
                raise decode_error(name, self.lines_read + 2, self.encoding) from exc
            except StopIteration:  # pragma: no cover - sniff() rejects empty files
                raise SourceError(name, lineno, None, "le fichier est vide", "") from None

    def _iter_body(
        self, lines: Iterator[str], index: dict[str, int], n_fields: int
    ) -> Iterator[RppsLine]:
        (i_type, i_id, i_last, i_first, i_prof, i_sf, i_mode, i_siret, i_finess, i_ej,
         i_name, i_sign, i_num, i_rep, i_tvoie, i_voie, i_cp, i_com, i_comlab, i_struct,
         i_sector) = (index[c] for c in _USED)  # fmt: skip
        tele = self.teleconsultation
        set_aside = self.set_aside
        skipped = self.skipped_professions
        codes: dict[str, str] = {}
        names: dict[str, str] = {}
        resolve = self._resolve_commune
        lineno = 1
        data_lines = 0
        for raw in lines:
            lineno += 1
            self.lines_read += 1
            raw = raw.rstrip("\r\n")
            if not raw:
                continue
            data_lines += 1
            f = raw.split("|")
            if len(f) != n_fields:
                self._bad_field_count(lines, lineno, len(f), n_fields)
            prof_code = f[i_prof]
            sf = f[i_sf]
            profession = profession_from_rpps(prof_code, sf)
            if profession is None:
                skipped[prof_code] += 1
                continue
            rpps_id = f[i_id].strip()
            if not rpps_id:
                set_aside.append(SetAside(lineno, "identifiant du professionnel vide", C_ID))
                continue
            siret, finess, site_name, sign = f[i_siret], f[i_finess], f[i_name], f[i_sign]
            code, postcode = f[i_com].strip(), f[i_cp].strip()
            voie = f[i_voie]
            has_site = bool(siret or finess or site_name or code or postcode or f[i_struct])
            insee = source = address = ""
            site_key = None
            if has_site:
                if tele.matches(site_name, sign, siret, finess):
                    set_aside.append(SetAside(lineno, TELECONSULTATION, C_NAME, site_name or sign))
                    continue
                resolved = resolve(lineno, code, postcode)
                if resolved is None:
                    continue
                insee, source = resolved
                address = " ".join(p for p in (f[i_num], f[i_rep], f[i_tvoie], voie) if p)
                if finess:
                    site_key = "F" + finess
                elif siret:
                    site_key = "S" + siret
                else:
                    site_key = f"A{insee}:{_fold(site_name)}:{_fold(address)}"
            yield RppsLine(
                lineno,
                _intern(codes, f[i_type]),
                rpps_id,
                sys.intern(f[i_last]),
                _intern(names, f[i_first]),
                profession,
                _intern(codes, prof_code),
                _intern(codes, sf),
                _intern(codes, f[i_mode]),
                _intern(codes, f[i_sector]),
                site_key,
                siret,
                finess,
                f[i_ej],
                site_name or sign,
                address,
                postcode,
                _intern(codes, insee),
                f[i_comlab],
                source,
            )
        if not data_lines:
            raise SourceError(
                self.file_name, None, None, "le fichier ne contient que l'en-tête, aucune ligne de données",
                "Téléchargez à nouveau l'extraction complète sur annuaire.sante.fr.",
            )  # fmt: skip

    def _bad_field_count(self, lines: Iterator[str], lineno: int, got: int, expected: int) -> None:
        is_last = next(lines, None) is None
        if is_last and got < expected:
            raise SourceError(
                self.file_name,
                lineno,
                RPPS_COLUMNS[min(got, len(RPPS_COLUMNS)) - 1],
                f"dernière ligne tronquée ({got - 1} séparateurs « | » au lieu de {expected - 1})",
                "Le téléchargement a probablement été interrompu : téléchargez à nouveau le "
                "fichier complet. Rien n'a été importé.",
            )
        raise SourceError(
            self.file_name,
            lineno,
            None,
            f"{got - 1} séparateurs « | » au lieu de {expected - 1}",
            "Une valeur contient peut-être un « | » ou la ligne a été coupée : corrigez la "
            "ligne ou téléchargez à nouveau le fichier. Rien n'a été importé.",
        )

    # -- grouping -----------------------------------------------------------------------
    def read(self) -> RppsData:
        """Read the whole file and group it into professionals, sites and activities.

        Duplicated activities (same ``rpps_id``, site, profession, savoir-faire, mode and
        sector) are set aside with the line of the first occurrence.

        Returns
        -------
        RppsData

        Examples
        --------
        See the module docstring.
        """
        prof_index: dict[str, int] = {}
        p_cols: list[list[str]] = [[] for _ in range(6)]
        site_index: dict[str, int] = {}
        s_cols: list[list[str]] = [[] for _ in range(10)]
        a_prof, a_site, a_line = array("i"), array("i"), array("i")
        cat_values: list[dict[str, int]] = [{} for _ in range(4)]
        a_cats = [array("h") for _ in range(4)]
        for row in self:
            p = prof_index.get(row.rpps_id)
            if p is None:
                p = prof_index[row.rpps_id] = len(prof_index)
                for col, value in zip(
                    p_cols,
                    (row.rpps_id, row.id_type, row.last_name, row.first_name, row.profession,
                     row.savoir_faire_code),
                    strict=True,
                ):  # fmt: skip
                    col.append(value)
            if row.site_key is None:
                continue
            s = site_index.get(row.site_key)
            if s is None:
                s = site_index[row.site_key] = len(site_index)
                for col, value in zip(
                    s_cols,
                    (row.site_key, row.siret, row.finess_site, row.finess_ej, row.site_name,
                     row.address, row.postcode, row.insee_code, row.commune_label,
                     row.commune_source),
                    strict=True,
                ):  # fmt: skip
                    col.append(value)
            a_prof.append(p)
            a_site.append(s)
            a_line.append(row.line)
            for values, arr, value in zip(
                cat_values,
                a_cats,
                (row.profession, row.savoir_faire_code, row.mode, row.sector_code),
                strict=True,
            ):
                code = values.get(value)
                if code is None:
                    code = values[value] = len(values)
                arr.append(code)
        professionals = pd.DataFrame(
            dict(
                zip(
                    ("rpps_id", "id_type", "last_name", "first_name", "profession",
                     "savoir_faire_code"),
                    p_cols,
                    strict=True,
                )
            )
        )  # fmt: skip
        sites = pd.DataFrame(
            dict(
                zip(
                    ("site_key", "siret", "finess_site", "finess_ej", "name", "address",
                     "postcode", "insee_code", "commune_label", "commune_source"),
                    s_cols,
                    strict=True,
                )
            )
        )  # fmt: skip
        activities = self._activities(
            professionals, sites, a_prof, a_site, a_line, cat_values, a_cats
        )
        self.set_aside.sort(key=lambda s: s.line)
        return RppsData(
            professionals=professionals,
            sites=sites,
            activities=activities,
            set_aside=self.set_aside,
            encoding=self.encoding,
            file_name=self.file_name,
            lines_read=self.lines_read,
            skipped_professions=self.skipped_professions,
        )

    def _activities(self, professionals, sites, a_prof, a_site, a_line, cat_values, a_cats):
        import numpy as np

        prof = np.frombuffer(a_prof, dtype=np.int32) if len(a_prof) else np.zeros(0, np.int32)
        site = np.frombuffer(a_site, dtype=np.int32) if len(a_site) else np.zeros(0, np.int32)
        line = np.frombuffer(a_line, dtype=np.int32) if len(a_line) else np.zeros(0, np.int32)
        cats = [
            np.frombuffer(a, dtype=np.int16) if len(a) else np.zeros(0, np.int16) for a in a_cats
        ]
        keys = pd.DataFrame({"p": prof, "s": site, **{f"c{i}": c for i, c in enumerate(cats)}})
        dup = keys.duplicated(keep="first").to_numpy()
        if dup.any():
            first_line = (
                pd.Series(line).groupby([keys[c] for c in keys.columns]).transform("first")
            ).to_numpy()
            for ln, first in zip(line[dup].tolist(), first_line[dup].tolist(), strict=True):
                self.set_aside.append(
                    SetAside(int(ln), f"ligne en double (même activité que la ligne {first})")
                )
        keep = ~dup
        out = {
            "rpps_id": professionals["rpps_id"].to_numpy()[prof[keep]],
            "site_key": sites["site_key"].to_numpy()[site[keep]],
            "insee_code": sites["insee_code"].to_numpy()[site[keep]],
        }
        for name, values, codes in zip(
            ("profession", "savoir_faire_code", "mode", "sector_code"), cat_values, cats,
            strict=True,
        ):  # fmt: skip
            lookup = np.array(list(values), dtype=object)
            out[name] = lookup[codes[keep]] if len(lookup) else np.zeros(0, dtype=object)
        out["line"] = line[keep].astype(np.int64)
        return pd.DataFrame(out)


def iter_rpps(path: str | Path, **options) -> Iterator[RppsLine]:
    """Yield the validated lines of an Annuaire Santé extract (see :class:`RppsReader`).

    Set-aside rows are not reported by this shortcut: use :class:`RppsReader` to get them.

    Examples
    --------
    >>> p = shared("samples/rpps_PS_LibreAcces_Personne_activite_sample.txt")
    >>> [r.profession for r in iter_rpps(p)]
    ['medecin_generaliste']
    """
    return iter(RppsReader(path, **options))


def read_rpps(path: str | Path, **options) -> RppsData:
    """Read and group a whole extract; ``options`` are those of :class:`RppsReader`.

    Examples
    --------
    >>> p = shared("samples/rpps_PS_LibreAcces_Personne_activite_sample.txt")
    >>> read_rpps(p).skipped_professions
    Counter({'26': 1})
    """
    return RppsReader(path, **options).read()
