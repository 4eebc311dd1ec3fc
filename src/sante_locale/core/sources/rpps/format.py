"""The layout of the Annuaire Santé extract: its 52 columns, those the reader uses, the header check.

Example
-------
>>> index, n_fields = _check_header("extrait.txt", "|".join(RPPS_COLUMNS) + "|")
>>> index["Identifiant PP"], n_fields
(1, 53)
"""

from __future__ import annotations

import re

from ..errors import SourceError

#: The 52 columns of the real file, in order (header of the ANS extract).
RPPS_COLUMNS: tuple[str, ...] = (
    "Type d'identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Code civilité d'exercice",
    "Libellé civilité d'exercice",
    "Code civilité",
    "Libellé civilité",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Code profession",
    "Libellé profession",
    "Code catégorie professionnelle",
    "Libellé catégorie professionnelle",
    "Code type savoir-faire",
    "Libellé type savoir-faire",
    "Code savoir-faire",
    "Libellé savoir-faire",
    "Code mode exercice",
    "Libellé mode exercice",
    "Numéro SIRET site",
    "Numéro SIREN site",
    "Numéro FINESS site",
    "Numéro FINESS établissement juridique",
    "Identifiant technique de la structure",
    "Raison sociale site",
    "Enseigne commerciale site",
    "Complément destinataire (coord. structure)",
    "Complément point géographique (coord. structure)",
    "Numéro Voie (coord. structure)",
    "Indice répétition voie (coord. structure)",
    "Code type de voie (coord. structure)",
    "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)",
    "Mention distribution (coord. structure)",
    "Bureau cedex (coord. structure)",
    "Code postal (coord. structure)",
    "Code commune (coord. structure)",
    "Libellé commune (coord. structure)",
    "Code pays (coord. structure)",
    "Libellé pays (coord. structure)",
    "Téléphone (coord. structure)",
    "Téléphone 2 (coord. structure)",
    "Télécopie (coord. structure)",
    "Adresse e-mail (coord. structure)",
    "Code Département (structure)",
    "Libellé Département (structure)",
    "Ancien identifiant de la structure",
    "Autorité d'enregistrement",
    "Code secteur d'activité",
    "Libellé secteur d'activité",
    "Code section tableau pharmaciens",
    "Libellé section tableau pharmaciens",
)

MEMBER_PATTERN = re.compile(r"^PS_LibreAcces_Personne_activite.*\.(txt|csv)$", re.IGNORECASE)
WHAT = "PS_LibreAcces_Personne_activite*.txt"

C_ID_TYPE = "Type d'identifiant PP"
C_ID = "Identifiant PP"
C_LAST = "Nom d'exercice"
C_FIRST = "Prénom d'exercice"
C_PROF = "Code profession"
C_SF = "Code savoir-faire"
C_MODE = "Code mode exercice"
C_SIRET = "Numéro SIRET site"
C_FINESS = "Numéro FINESS site"
C_FINESS_EJ = "Numéro FINESS établissement juridique"
C_NAME = "Raison sociale site"
C_SIGN = "Enseigne commerciale site"
C_NUM = "Numéro Voie (coord. structure)"
C_REP = "Indice répétition voie (coord. structure)"
C_TYPE_VOIE = "Libellé type de voie (coord. structure)"
C_VOIE = "Libellé Voie (coord. structure)"
C_POSTCODE = "Code postal (coord. structure)"
C_COMMUNE = "Code commune (coord. structure)"
C_COMMUNE_LABEL = "Libellé commune (coord. structure)"
C_STRUCT = "Identifiant technique de la structure"
C_SECTOR = "Code secteur d'activité"

_USED = (
    C_ID_TYPE, C_ID, C_LAST, C_FIRST, C_PROF, C_SF, C_MODE, C_SIRET, C_FINESS, C_FINESS_EJ,
    C_NAME, C_SIGN, C_NUM, C_REP, C_TYPE_VOIE, C_VOIE, C_POSTCODE, C_COMMUNE,
    C_COMMUNE_LABEL, C_STRUCT, C_SECTOR,
)  # fmt: skip


def _separator_hint(header: str) -> str | None:
    for sep, label in ((";", "point-virgule"), ("\t", "tabulation"), (",", "virgule")):
        if header.count(sep) >= 20:
            return f"« {sep} » ({label})" if sep != "\t" else "tabulation"
    return None


def _check_header(name: str, header: str) -> tuple[dict[str, int], int]:
    """Return (column -> index, expected number of fields) or raise SourceError.

    The separator is said to be missing only when the header has no ``|`` at all, or a few
    of them while another separator is used throughout; a header that keeps ``|`` but lacks
    columns gets the names of the missing columns.
    """
    pipes = header.count("|")
    found = _separator_hint(header)
    if pipes == 0 or (pipes < 5 and found):
        message = "le séparateur attendu « | » est absent de l'en-tête"
        if found:
            message += f" : le fichier est séparé par {found}"
        raise SourceError(
            name,
            1,
            None,
            message,
            "Importez le fichier tel que téléchargé sur annuaire.sante.fr, sans l'ouvrir ni "
            "le réenregistrer dans un tableur.",
        )
    names = header.split("|")
    if names and names[-1] == "":
        names = names[:-1]
    names = [n.strip() for n in names]
    index = {n: i for i, n in enumerate(names)}
    missing = [(pos, col) for pos, col in enumerate(RPPS_COLUMNS) if col not in index]
    if missing:
        pos, col = missing[0]
        unknown = [n for n in names if n not in RPPS_COLUMNS]
        if pos < len(names) and names[pos] not in RPPS_COLUMNS:
            detail = f" (à sa place, colonne n° {pos + 1} : « {names[pos]} »)"
        elif unknown:
            detail = f" (colonnes inattendues : {', '.join(f'« {u} »' for u in unknown[:3])})"
        else:
            detail = ""
        if len(missing) == 1:
            message = f"colonne absente ou renommée dans l'en-tête{detail}"
        else:
            listed = ", ".join(f"« {c} »" for _, c in missing[:5])
            more = f" et {len(missing) - 5} autre(s)" if len(missing) > 5 else ""
            message = (f"{len(missing)} colonnes sur {len(RPPS_COLUMNS)} absentes ou renommées dans "
                       f"l'en-tête : {listed}{more}{detail}")
        raise SourceError(
            name,
            1,
            col,
            message,
            "Le fichier doit être l'extraction « PS_LibreAcces_Personne_activite » de "
            "l'Annuaire Santé avec ses 52 colonnes ; téléchargez la version courante.",
        )
    return index, header.count("|") + 1
