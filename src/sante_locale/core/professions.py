"""The health professions the product counts, and how RPPS codes map onto them.

Profession codes are those of the Annuaire Santé nomenclature ``TRE_G15-ProfessionSante``
(column ``Code profession`` of ``PS_LibreAcces_Personne_activite_*.txt``). Codes 10
(Médecin), 26 (Audioprothésiste) and 60 (Infirmier, ``G15_60``) are confirmed by the sample
file and public ANS documents; the others (21, 40, 50, 70, 91, 93) are the usual
nomenclature codes, written from the ANS table and **to be re-checked** against the current
``TRE_G15`` release when it changes.

GPs are doctors (code 10) whose savoir-faire is one of ``SM53`` (Spécialiste en médecine
générale), ``SM54`` (Médecine générale) or ``SM26`` (Qualifié en médecine générale), the
selection used in public code and in the project's METHODS.md. Every other doctor is a
``medecin_specialiste``.

Examples
--------
>>> profession_from_rpps("10", "SM53")
'medecin_generaliste'
>>> profession_from_rpps("10", "SM33")
'medecin_specialiste'
>>> profession_from_rpps("26", "") is None
True
>>> PROFESSIONS["infirmier"].label, PROFESSIONS["infirmier"].plural
('Infirmier', 'Infirmiers')
>>> APL_PROFESSIONS[0], "pharmacien" in PORTRAIT_PROFESSIONS
('medecin_generaliste', True)
>>> PROFESSIONS["infirmier"].apl_unit
'ETP accessibles pour 100 000 habitants'

"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "APL_PROFESSIONS",
    "FTE_APL_UNIT",
    "GP_APL_UNIT",
    "GP_SAVOIR_FAIRE",
    "MODES",
    "PORTRAIT_PROFESSIONS",
    "PROFESSIONS",
    "RPPS_CODE_TO_PROFESSION",
    "Profession",
    "profession_from_rpps",
]


@dataclass(frozen=True)
class Profession:
    """One profession of the product.

    Attributes
    ----------
    code : str
        Code name used everywhere in the code base (GLOSSARY.md).
    label : str
        French label shown to users.
    rpps_code : str
        ``Code profession`` in the Annuaire Santé.
    plural : str
        French plural label (tables and charts of the portrait).
    apl : bool
        Whether the product computes an APL for it (see ``core.access.parameters``).
    portrait : bool
        Whether the portrait counts it (densities, communes table).
    apl_unit : str
        Unit of its APL, written once here (pages, CLI, exports, registry, classes): GPs'
        supply is counted in consultations (DREES), the others' in full-time equivalents
        (non-official parameters). Whether the inhabitants are standardised by age is said
        by the demand of each computation, never in the unit.
    """

    code: str
    label: str
    rpps_code: str
    plural: str = ""
    apl: bool = False
    portrait: bool = False
    apl_unit: str = ""

    def __post_init__(self) -> None:
        if self.apl and not self.apl_unit:
            object.__setattr__(self, "apl_unit", FTE_APL_UNIT)


#: APL units: GPs (DREES: consultations and visits), the other professions (FTE, not official).
GP_APL_UNIT = "consultations accessibles par an et par habitant"
FTE_APL_UNIT = "ETP accessibles pour 100 000 habitants"

PROFESSIONS: dict[str, Profession] = {
    p.code: p
    for p in (
        Profession("medecin_generaliste", "Médecin généraliste", "10", "Médecins généralistes", True, True,
                   GP_APL_UNIT),
        Profession("medecin_specialiste", "Médecin spécialiste", "10", "Médecins spécialistes"),
        Profession("infirmier", "Infirmier", "60", "Infirmiers", True, True),
        Profession("masseur_kinesitherapeute", "Masseur-kinésithérapeute", "70", "Masseurs-kinésithérapeutes",
                   True, True),
        Profession("sage_femme", "Sage-femme", "50", "Sages-femmes", True, True),
        Profession("chirurgien_dentiste", "Chirurgien-dentiste", "40", "Chirurgiens-dentistes", True, True),
        Profession("pharmacien", "Pharmacien", "21", "Pharmaciens", False, True),
        Profession("orthophoniste", "Orthophoniste", "91", "Orthophonistes"),
        Profession("psychologue", "Psychologue", "93", "Psychologues"),
    )
}

#: Professions with an APL computation (médecin généraliste first: the official one).
APL_PROFESSIONS: tuple[str, ...] = tuple(p.code for p in PROFESSIONS.values() if p.apl)
#: Professions the portrait counts, in display order.
PORTRAIT_PROFESSIONS: tuple[str, ...] = tuple(p.code for p in PROFESSIONS.values() if p.portrait)

#: Savoir-faire codes that make a doctor a GP.
GP_SAVOIR_FAIRE: frozenset[str] = frozenset({"SM53", "SM54", "SM26"})

#: RPPS profession code -> profession code name, for every profession except doctors
#: (code 10 is split into GP / specialist by savoir-faire).
RPPS_CODE_TO_PROFESSION: dict[str, str] = {
    p.rpps_code: p.code for p in PROFESSIONS.values() if p.rpps_code != "10"
}

#: ``Code mode exercice`` -> French label.
MODES: dict[str, str] = {"L": "Libéral", "S": "Salarié", "B": "Bénévole"}


def profession_from_rpps(profession_code: str, savoir_faire_code: str) -> str | None:
    """Return the profession code name of an RPPS line, or ``None`` if not counted.

    Parameters
    ----------
    profession_code : str
        ``Code profession`` (e.g. ``"10"``).
    savoir_faire_code : str
        ``Code savoir-faire`` (e.g. ``"SM53"``), possibly empty.

    Returns
    -------
    str or None
        A key of :data:`PROFESSIONS`, or ``None`` for a profession the product ignores.

    Examples
    --------
    >>> profession_from_rpps("60", "")
    'infirmier'
    """
    if profession_code == "10":
        if savoir_faire_code in GP_SAVOIR_FAIRE:
            return "medecin_generaliste"
        return "medecin_specialiste"
    return RPPS_CODE_TO_PROFESSION.get(profession_code)
