"""Environment variables read by Santé Locale, each with a default and its help.

Every variable here is documented in ``docs/environnement.md`` (a test checks it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.name, self.default)


SETTINGS = (
    Setting(
        "SANTE_LOCALE_HOME",
        ".sante-locale",
        "Dossier de données (base SQLite, fichiers produits, identifiants de démonstration).",
    ),
    Setting(
        "DATABASE_URL",
        "",
        "URL d'une base PostgreSQL (postgres://utilisateur@hôte:port/base). Vide : SQLite dans le dossier de données.",
    ),
    Setting("SANTE_LOCALE_SECRET_KEY", "", "Clé secrète Django. Vide : générée et gardée dans le dossier de données."),
    Setting("SANTE_LOCALE_DEBUG", "0", "1 pour le mode débogage (jamais en production)."),
    Setting(
        "SANTE_LOCALE_ALLOWED_HOSTS",
        "127.0.0.1,localhost",
        "Noms d'hôte servis, séparés par des virgules.",
    ),
    Setting(
        "SANTE_LOCALE_TILE_URL",
        "",
        "Modèle d'URL de tuiles raster sous les cartes ({z}/{x}/{y}). Vide : cartes sans fond, hors ligne.",
    ),
    Setting(
        "SANTE_LOCALE_TILE_ATTRIBUTION",
        "",
        "Mention de source affichée sous les cartes quand un fond de tuiles est configuré.",
    ),
    Setting(
        "SANTE_LOCALE_EMBED_ORIGINS",
        "*",
        "Sites autorisés à intégrer l'annuaire dans une iframe (pages /annuaire/integration/ seulement), "
        "séparés par des espaces, ex. « https://www.ville-lens.fr https://www.lievin.fr ». * : tout site.",
    ),
    Setting(
        "SANTE_LOCALE_UPLOAD_MAX_MB",
        "600",
        "Taille maximale (en Mo) d'un fichier officiel importé depuis l'application web.",
    ),
)

BY_NAME = {s.name: s for s in SETTINGS}


def value(name: str) -> str:
    return BY_NAME[name].get()


def home() -> Path:
    return Path(value("SANTE_LOCALE_HOME")).expanduser().resolve()
