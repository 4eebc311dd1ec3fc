"""Forms of the health-supply pages: a professional's year of birth, an import by an administrator."""

from __future__ import annotations

from pathlib import PurePath

from django import forms

from sante_locale.config import env
from sante_locale.offer.imports import by_name, importable

MIN_YEAR, MAX_YEAR = 1930, 2010

def upload_max_mb() -> float:
    """``SANTE_LOCALE_UPLOAD_MAX_MB``, read at each upload (600 if unreadable)."""
    try:
        return float(env.value("SANTE_LOCALE_UPLOAD_MAX_MB").replace(",", "."))
    except ValueError:
        return 600.0


def _suffix(name: str) -> str:
    return PurePath(name).suffix.lower()


class BirthYearForm(forms.Form):
    birth_year = forms.IntegerField(
        label="Année de naissance", min_value=MIN_YEAR, max_value=MAX_YEAR,
        help_text=f"Quatre chiffres, entre {MIN_YEAR} et {MAX_YEAR} (par exemple 1968).",
        error_messages={
            "required": "Indiquez l'année de naissance.",
            "invalid": "Indiquez l'année sur quatre chiffres, par exemple 1968.",
            "min_value": f"L'année de naissance doit être comprise entre {MIN_YEAR} et {MAX_YEAR}.",
            "max_value": f"L'année de naissance doit être comprise entre {MIN_YEAR} et {MAX_YEAR}.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type de fichier", choices=[(k.cli_name, k.form_label) for k in importable()],
        error_messages={"required": "Choisissez le type de fichier.",
                        "invalid_choice": "Type de fichier inconnu : choisissez dans la liste."},
    )
    file = forms.FileField(
        label="Fichier", help_text="Le fichier officiel tel que téléchargé (.txt, .csv, .zip, .gz, .xlsx, .json, "
        ".geojson ou .gpkg selon le type).",
        error_messages={"required": "Choisissez un fichier.", "empty": "Le fichier envoyé est vide.",
                        "invalid": "Aucun fichier reçu : choisissez un fichier."},
    )
    check_only = forms.BooleanField(
        label="Vérifier seulement", required=False,
        help_text="Lit et vérifie tout le fichier sans rien écrire dans la base.",
    )

    def clean(self):
        data = super().clean()
        upload, kind = data.get("file"), data.get("kind")
        if upload is None or kind is None:
            return data
        allowed = by_name(kind).suffixes
        if _suffix(upload.name) not in allowed:
            self.add_error("file", f"Le fichier « {upload.name} » n'a pas une extension acceptée pour ce type "
                           f"({', '.join(allowed)}). Choisissez le fichier officiel tel que téléchargé.")
        limit = upload_max_mb()
        if upload.size > limit * 1024 * 1024:
            size = f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")
            limit_fr = f"{limit:g}".replace(".", ",")
            self.add_error("file", f"Le fichier « {upload.name} » pèse {size} Mo, au-delà de la limite de "
                           f"{limit_fr} Mo (réglage SANTE_LOCALE_UPLOAD_MAX_MB). Importez-le en ligne de "
                           "commande (sante-locale import).")
        return data
