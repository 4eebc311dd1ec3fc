"""Official identifiers of organisations: SIREN/SIRET (INSEE) and FINESS numbers.

SIREN (9 digits) and SIRET (14 digits: SIREN + NIC) carry a Luhn check digit; La Poste's
establishments (SIREN 356 000 000) are the known exception, whose SIRET digits sum to a
multiple of 5. A FINESS number is 9 characters (département code first, ``2A``/``2B``
allowed); its format only is checked here.

Examples
--------
>>> siret_problem("24620036400015")  # SIREN of the CA de Lens-Liévin + a NIC
>>> siret_problem("24620036400016")
'le SIRET « 24620036400016 » a une clé de contrôle fausse : vérifiez les 14 chiffres.'
>>> siren_problem("246200364"), finess_problem("620100057"), finess_problem("62010005")
(None, None, 'le numéro FINESS « 62010005 » doit avoir 9 caractères (chiffres, ou 2A/2B en tête).')
"""

from __future__ import annotations

import re

__all__ = ["finess_problem", "luhn_ok", "siren_problem", "siret_problem"]

_FINESS = re.compile(r"^(\d{2}|2[AB])\d{7}$")


def luhn_ok(digits: str) -> bool:
    """Whether ``digits`` pass the Luhn check.

    Examples
    --------
    >>> luhn_ok("246200364"), luhn_ok("246200365")
    (True, False)
    """
    total = 0
    for n, char in enumerate(reversed(digits)):
        value = int(char)
        if n % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siren_problem(value: str) -> str | None:
    """``None`` for a valid SIREN, else a French sentence saying what is wrong."""
    value = (value or "").replace(" ", "")
    if not re.fullmatch(r"\d{9}", value):
        return f"le SIREN « {value} » doit avoir 9 chiffres."
    if not luhn_ok(value):
        return f"le SIREN « {value} » a une clé de contrôle fausse : vérifiez les 9 chiffres."
    return None


def siret_problem(value: str) -> str | None:
    """``None`` for a valid SIRET, else a French sentence saying what is wrong."""
    value = (value or "").replace(" ", "")
    if not re.fullmatch(r"\d{14}", value):
        return f"le SIRET « {value} » doit avoir 14 chiffres."
    if value.startswith("356000000"):  # La Poste
        ok = sum(int(c) for c in value) % 5 == 0
    else:
        ok = luhn_ok(value)
    if not ok:
        return f"le SIRET « {value} » a une clé de contrôle fausse : vérifiez les 14 chiffres."
    return None


def finess_problem(value: str) -> str | None:
    """``None`` for a well-formed FINESS number, else a French sentence."""
    value = (value or "").replace(" ", "").upper()
    if not _FINESS.match(value):
        return f"le numéro FINESS « {value} » doit avoir 9 caractères (chiffres, ou 2A/2B en tête)."
    return None
