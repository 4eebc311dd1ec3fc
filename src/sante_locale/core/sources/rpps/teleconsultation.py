"""Teleconsultation platforms: practice sites set aside from the supply."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

TELECONSULTATION = "plateforme de téléconsultation"


def _fold(text: str) -> str:
    """Upper-case and strip accents (``Téléconsultation`` → ``TELECONSULTATION``)."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).upper()


@dataclass(frozen=True)
class TeleconsultationFilter:
    """Which practice sites are teleconsultation platforms, to set aside.

    Platforms register a head-office site where hundreds of doctors "practise"; counting them
    would inflate the supply of the platform's commune and the APL. The default matches the
    site name (``Raison sociale site`` + ``Enseigne commerciale site``, accents and case
    ignored) against name patterns of the platforms known in 2024–2026 (generic
    « téléconsultation » / « télémédecine », Qare, Livi, Medadom, Hellocare, Doctolib
    téléconsultation, Mesdocteurs, Consulib, Toktokdoc). No SIRET/FINESS list ships by
    default: we could not verify platform SIRETs from a source we can cite, so an
    administrator adds them (``sirets``, ``finess``) from the ARS or CPAM list.

    Parameters
    ----------
    name_patterns : sequence of str
        Regular expressions searched in the accent-folded, upper-cased site name.
    sirets, finess : frozenset of str
        Site SIRET / site FINESS numbers always treated as platforms.

    Examples
    --------
    >>> TeleconsultationFilter().matches("Qare SAS", "", "", "")
    True
    >>> TeleconsultationFilter().matches("Cabinet du Dr Martin", "", "", "")
    False
    """

    name_patterns: Sequence[str] = (
        r"T[EÉ]L[EÉ][\s-]*CONSULT",
        r"T[EÉ]L[EÉ][\s-]*M[EÉ]DECINE",
        r"\bQARE\b",
        r"\bLIVI\b",
        r"\bMEDADOM\b",
        r"\bHELLOCARE\b",
        r"\bMESDOCTEURS\b",
        r"\bCONSULIB\b",
        r"\bTOKTOKDOC\b",
    )
    sirets: frozenset[str] = frozenset()
    finess: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        pattern = "|".join(f"(?:{p})" for p in self.name_patterns) or r"(?!x)x"
        object.__setattr__(self, "_regex", re.compile(pattern))

    def matches(self, name: str, sign: str, siret: str, finess: str) -> bool:
        """Whether a site is a teleconsultation platform (see class docstring)."""
        if siret and siret in self.sirets or finess and finess in self.finess:
            return True
        text = f"{name} {sign}"
        if not text.strip():
            return False
        return self._regex.search(_fold(text)) is not None  # type: ignore[attr-defined]
