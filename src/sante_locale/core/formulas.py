"""Cells that a spreadsheet would take for a formula (CSV injection), guarded and unguarded.

A CSV opened in Excel or LibreOffice runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula: a name or a phone number typed by anyone (« =HYPERLINK(…) ») could do harm on
a coordinator's machine. Exports prefix such a cell with an apostrophe, which spreadsheets
hide; imports of our own exports remove it again, so that a round trip loses nothing.
"""

from __future__ import annotations

#: First characters that make a spreadsheet read a cell as a formula (OWASP list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def guard(text: str) -> str:
    """Text that a spreadsheet will not take for a formula.

    Examples
    --------
    >>> guard("=1+1"), guard("+33 3 21 00 00 00"), guard("Lens")
    ("'=1+1", "'+33 3 21 00 00 00", 'Lens')
    """
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def unguard(text: str) -> str:
    """The text :func:`guard` was given (an apostrophe before a formula character is removed).

    Examples
    --------
    >>> unguard("'=1+1"), unguard("'+33 3 21 00 00 00"), unguard("l'Escale"), unguard("'Lens")
    ('=1+1', '+33 3 21 00 00 00', "l'Escale", "'Lens")
    """
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES) else text
