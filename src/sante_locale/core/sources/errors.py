"""Errors and set-aside rows shared by every reader of official files.

Policy (all readers follow it)
------------------------------
An import is all-or-nothing, so a problem that makes the *file* untrustworthy is **fatal**
and raises :class:`SourceError` (French message naming file, line, column and the fix):

- empty file, or a file with a header and no data;
- wrong separator (e.g. ``;`` instead of ``|``), missing or renamed column;
- a line with the wrong number of fields, in particular a truncated last line
  (interrupted download): columns would shift, so nothing in the file can be trusted;
- bytes that cannot be decoded in the detected encoding;
- a ZIP archive without the expected member; a workbook without the expected sheet;
- a FINESS coordinate line whose projection (EPSG) is unknown, or non-numeric coordinates;
- an unreadable value in a column the product needs (e.g. a year of birth that is not a number).

A problem that concerns one *row* only and that the import report can explain is
**set aside** (a :class:`SetAside` entry, the row is skipped, the import goes on):

- duplicated line / duplicated activity (same professional, site, mode, savoir-faire);
- unknown commune code (not in the caller's list), missing commune code whose postcode is
  unknown or ambiguous;
- teleconsultation platform listed as a practice site (« plateforme de téléconsultation »);
- FINESS establishment of a category the product does not use (« catégorie non retenue »),
  or in a territory outside the COG;
- year of birth outside the plausible range.

Examples
--------
>>> err = SourceError("f.txt", 12, "Code commune (coord. structure)", "code inconnu « 99999 »",
...                   "Vérifiez le code.")
>>> str(err)
'fichier f.txt, ligne 12, colonne « Code commune (coord. structure) » : code inconnu « 99999 ». Vérifiez le code.'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SetAside", "SourceError"]


class SourceError(Exception):
    """Fatal problem in an official file; the whole import must be refused.

    Parameters
    ----------
    file : str
        File name as the user knows it (``archive.zip › member.txt`` inside a ZIP).
    line : int or None
        1-based physical line (1 = header), or ``None`` when the file as a whole is wrong.
    column : str or None
        Column (header name) concerned, or ``None``.
    message : str
        What is wrong, in French.
    hint : str
        How to fix it, in French.

    Examples
    --------
    >>> str(SourceError("a.csv", None, None, "le fichier est vide", "Téléchargez-le à nouveau."))
    'fichier a.csv : le fichier est vide. Téléchargez-le à nouveau.'
    """

    def __init__(
        self, file: str, line: int | None, column: str | None, message: str, hint: str = ""
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
        super().__init__(file, line, column, message, hint)

    def __str__(self) -> str:
        where = f"fichier {self.file}"
        if self.line is not None:
            where += f", ligne {self.line}"
        if self.column is not None:
            where += f", colonne « {self.column} »"
        text = f"{where} : {self.message}."
        if self.hint:
            text += f" {self.hint}"
        return text


@dataclass(frozen=True, slots=True)
class SetAside:
    """A row left out of the import, with the reason shown in the import report.

    Attributes
    ----------
    line : int
        1-based physical line in the file.
    reason : str
        French reason, e.g. ``"plateforme de téléconsultation"``.
    column : str or None
        Column concerned, when one is.
    value : str
        The offending value, when one is.

    Examples
    --------
    >>> SetAside(3, "code commune inconnu", "Code commune (coord. structure)", "99999").reason
    'code commune inconnu'
    """

    line: int
    reason: str
    column: str | None = None
    value: str = ""

    def __str__(self) -> str:
        text = f"ligne {self.line} : {self.reason}"
        if self.column:
            text += f" (colonne « {self.column} »"
            text += f", valeur « {self.value} »)" if self.value else ")"
        return text
