"""Django settings shared by every environment."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from sante_locale.config import env

PACKAGE_DIR = Path(__file__).resolve().parent.parent
HOME = env.home()


def _secret_key() -> str:
    configured = env.value("SANTE_LOCALE_SECRET_KEY")
    if configured:
        return configured
    path = HOME / "secret_key.txt"
    try:
        return path.read_text().strip()
    except OSError:
        key = secrets.token_urlsafe(50)
        try:
            HOME.mkdir(parents=True, exist_ok=True)
            path.write_text(key)
            path.chmod(0o600)
        except OSError:
            pass  # the CLI checks that the home folder is writable and says so in French
        return key


SECRET_KEY = _secret_key()
DEBUG = env.value("SANTE_LOCALE_DEBUG") == "1"
ALLOWED_HOSTS = [h.strip() for h in env.value("SANTE_LOCALE_ALLOWED_HOSTS").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "sante_locale.accounts",
    "sante_locale.territories",
    "sante_locale.offer",
    "sante_locale.accessibility",
    "sante_locale.portraits",
    "sante_locale.structures",
    "sante_locale.coordination",
    "sante_locale.programme",
    "sante_locale.directory",
    "sante_locale.www",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "sante_locale.www.middleware.ForbiddenMiddleware",
    "sante_locale.www.middleware.FrenchTypographyMiddleware",
]

ROOT_URLCONF = "sante_locale.config.urls"
WSGI_APPLICATION = "sante_locale.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sante_locale.www.context.site",
            ],
        },
    }
]


def database_config() -> dict:
    url = env.value("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(HOME / "sante-locale.sqlite3"),
        "OPTIONS": {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
    }


DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# History of changes: who, when, before/after (django-simple-history); see docs/historique.md
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["sante_locale.www.formats"]  # French typography of core.formats (narrow no-break spaces)

STATIC_URL = "/static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "sante_locale.www.views.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# origins allowed to frame the embeddable directory pages (/annuaire/integration/…) only
EMBED_ORIGINS = [o for o in env.value("SANTE_LOCALE_EMBED_ORIGINS").replace(",", " ").split() if o]

TILE_URL = env.value("SANTE_LOCALE_TILE_URL")
TILE_ATTRIBUTION = env.value("SANTE_LOCALE_TILE_ATTRIBUTION")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
