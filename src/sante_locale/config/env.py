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
        "SANTE_LOCALE_UPLOAD_MAX_MB",
        "600",
        "Taille maximale (en Mo) d'un fichier officiel importé depuis l'application web.",
    ),
)

#: Production server, hardening and sessions (``sante-locale serve --production``, docs/deploiement.md).
SETTINGS += (
    Setting(
        "SANTE_LOCALE_CSRF_TRUSTED_ORIGINS",
        "",
        "Origines de confiance des formulaires (https://sante.example.fr), séparées par des virgules, "
        "quand le serveur mandataire change le nom d'hôte.",
    ),
    Setting(
        "SANTE_LOCALE_HSTS_SECONDS",
        "31536000",
        "Production : durée (secondes) de l'en-tête Strict-Transport-Security (HTTPS obligatoire).",
    ),
    Setting(
        "SANTE_LOCALE_PROXY_COUNT",
        "1",
        "Production : nombre de serveurs mandataires devant l'application (adresse réelle des clients).",
    ),
    Setting("SANTE_LOCALE_WORKERS", "", "Production : processus du serveur gunicorn. Vide : 2 × cœurs + 1."),
    Setting("SANTE_LOCALE_THREADS", "4", "Production : fils d'exécution par processus gunicorn."),
    Setting(
        "SANTE_LOCALE_PAGE_CACHE_SECONDS",
        "60",
        "Production : durée (secondes) du cache des pages publiques servies aux visiteurs non connectés. 0 : aucun.",
    ),
    Setting("SANTE_LOCALE_LOG_LEVEL", "INFO", "Production : niveau du journal (DEBUG, INFO, WARNING, ERROR)."),
    Setting(
        "SANTE_LOCALE_EMBED_ORIGINS",
        "",
        "Sites autorisés à intégrer l'annuaire dans une iframe (pages /annuaire/integration/ seulement), séparés "
        "par des virgules ou des espaces, ex. « https://www.ville-lens.fr https://www.lievin.fr ». Vide : aucun.",
    ),
    Setting(
        "SANTE_LOCALE_SESSION_IDLE_MINUTES",
        "60",
        "Déconnexion après ce nombre de minutes sans activité.",
    ),
    Setting(
        "SANTE_LOCALE_SESSION_MAX_HOURS",
        "10",
        "Déconnexion après ce nombre d'heures depuis la connexion, même en activité.",
    ),
    Setting("SANTE_LOCALE_LOGIN_FAILURES", "5", "Échecs de connexion avant blocage (identifiant et adresse)."),
    Setting("SANTE_LOCALE_LOCKOUT_MINUTES", "15", "Durée du blocage après trop d'échecs de connexion."),
)

BY_NAME = {s.name: s for s in SETTINGS}


def value(name: str) -> str:
    return BY_NAME[name].get()


def as_list(name: str) -> list[str]:
    """A comma-separated variable as a list of its non-empty items."""
    return [item.strip() for item in value(name).split(",") if item.strip()]


def as_int(name: str) -> int:
    """An integer variable; a wrong value is refused in French, naming the variable."""
    raw = value(name).strip()
    try:
        return int(raw)
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"La variable {name} vaut « {raw} » : un nombre entier est attendu "
            f"(défaut : {BY_NAME[name].default or 'vide'}). Voir docs/environnement.md."
        ) from None


def home() -> Path:
    return Path(value("SANTE_LOCALE_HOME")).expanduser().resolve()


def missing_production_settings() -> list[str]:
    """What the environment lacks to serve in production, in French (empty: nothing)."""
    problems = []
    if not value("SANTE_LOCALE_SECRET_KEY").strip():
        problems.append("SANTE_LOCALE_SECRET_KEY est vide : fixez une clé secrète longue et aléatoire, par exemple "
                        "la sortie de « python3 -c 'import secrets; print(secrets.token_urlsafe(50))' », "
                        "gardée hors du dépôt (fichier d'environnement du service, droits 600)")
    if not value("DATABASE_URL").startswith(("postgres://", "postgresql://")):
        problems.append("DATABASE_URL doit désigner une base PostgreSQL "
                        "(postgres://utilisateur:motdepasse@hôte:5432/base) : SQLite ne sert qu'un poste")
    if value("SANTE_LOCALE_DEBUG") == "1":
        problems.append("SANTE_LOCALE_DEBUG=1 est interdit en production (il montrerait le détail des erreurs)")
    return problems
