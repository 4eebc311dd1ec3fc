"""FINESS establishment categories (``categetab``) the product keeps, with their labels.

Codes and labels follow the FINESS nomenclature « catégories d'établissements » as it
appears in the ``libcategetab`` column of the etalab extracts (124, 156, 189, 223, 355,
101, 603, 620 are seen in public extracts and in our sample). Codes we could not check
against an extract are flagged ``verified=False`` (604 CPTS, 106 ex-hôpital local,
114 hôpital des armées, 292, 362): keep them, but confirm the code/label in the FINESS
nomenclature (https://finess.esante.gouv.fr, « Nomenclatures ») when a file contradicts
them. Any other category is set aside by the readers as « catégorie non retenue » (not an
error).

Examples
--------
>>> FINESS_CATEGORIES["603"].kind
'msp'
>>> category_kind("500") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FINESS_CATEGORIES", "FinessCategory", "category_kind"]


@dataclass(frozen=True)
class FinessCategory:
    """A retained FINESS category.

    Attributes
    ----------
    code : str
        ``categetab`` (3 digits).
    label : str
        Label shown to users (French).
    kind : str
        Code name of the product family (``centre_de_sante``, ``msp``, ``cpts``, ``cmp``,
        ``cmpp``, ``pmi``, ``pharmacie``, ``hopital``).
    verified : bool
        Whether the code was seen in a real FINESS extract.
    """

    code: str
    label: str
    kind: str
    verified: bool = True


FINESS_CATEGORIES: dict[str, FinessCategory] = {
    c.code: c
    for c in (
        FinessCategory("124", "Centre de santé", "centre_de_sante"),
        FinessCategory("603", "Maison de santé pluriprofessionnelle (MSP)", "msp"),
        FinessCategory("604", "Communauté professionnelle territoriale de santé (CPTS)", "cpts",
                       verified=False),
        FinessCategory("156", "Centre médico-psychologique (CMP)", "cmp"),
        FinessCategory("189", "Centre médico-psycho-pédagogique (CMPP)", "cmpp"),
        FinessCategory("223", "Protection maternelle et infantile (PMI)", "pmi"),
        FinessCategory("620", "Pharmacie d'officine", "pharmacie"),
        FinessCategory("101", "Centre hospitalier régional (CHR/CHU)", "hopital"),
        FinessCategory("355", "Centre hospitalier (CH)", "hopital"),
        FinessCategory("106", "Centre hospitalier, ex-hôpital local", "hopital", verified=False),
        FinessCategory("114", "Hôpital des armées", "hopital", verified=False),
        FinessCategory("292", "Centre hospitalier spécialisé en psychiatrie", "hopital",
                       verified=False),
        FinessCategory("362", "Établissement de soins pluridisciplinaire", "hopital",
                       verified=False),
    )
}  # fmt: skip


def category_kind(code: str) -> str | None:
    """Return the product family of a ``categetab`` code, or ``None`` if not retained.

    Examples
    --------
    >>> category_kind("124")
    'centre_de_sante'
    """
    category = FINESS_CATEGORIES.get(code)
    return category.kind if category else None
