"""Django settings shared by every environment."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF

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
    "csp",
    "axes",
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
    "csp.middleware.CSPMiddleware",
    "sante_locale.www.security.EmbedMiddleware",
    "sante_locale.www.security.SessionExpiryMiddleware",
    "axes.middleware.AxesMiddleware",
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
            # « unlocalize » everywhere: identifiers and years are written without the thousands
            # separator that USE_THOUSAND_SEPARATOR puts in numbers (?structure=1234, not 1 234)
            "builtins": ["django.templatetags.l10n"],
        },
    }
]


def database_config() -> dict:
    url = env.value("DATABASE_URL")
    if url:
        # health checks: a connection broken while the database was away is replaced, not reused
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(HOME / "sante-locale.sqlite3"),
        "OPTIONS": {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
    }


DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# History of changes: who, when, before/after (django-simple-history); see docs/droits-et-historique.md
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# Django's validators, messages in French (LANGUAGE_CODE). 12 characters at least: the CNIL's
# recommendation for a password alone (deliberation 2022-100); login attempts are also limited.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before checking the password
    "rules.permissions.ObjectPermissionBackend",  # object permissions (roles scoped to an object)
    "django.contrib.auth.backends.ModelBackend",
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
CSRF_TRUSTED_ORIGINS = env.as_list("SANTE_LOCALE_CSRF_TRUSTED_ORIGINS")

# Sessions end after SESSION_IDLE_SECONDS without a request, and SESSION_COOKIE_AGE after the
# login whatever happens (sante_locale.www.security.SessionExpiryMiddleware).
SESSION_IDLE_SECONDS = env.as_int("SANTE_LOCALE_SESSION_IDLE_MINUTES") * 60
SESSION_COOKIE_AGE = env.as_int("SANTE_LOCALE_SESSION_MAX_HOURS") * 3600
SESSION_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes): after N failures for one identifier from one address, that pair
# is locked out for a while; `sante-locale debloquer IDENTIFIANT` lifts it (docs/deploiement.md).
AXES_FAILURE_LIMIT = env.as_int("SANTE_LOCALE_LOGIN_FAILURES")
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.as_int("SANTE_LOCALE_LOCKOUT_MINUTES"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sante_locale.www.views.errors.locked_out"
AXES_VERBOSE = False


TILE_URL = env.value("SANTE_LOCALE_TILE_URL")
TILE_ATTRIBUTION = env.value("SANTE_LOCALE_TILE_ATTRIBUTION")

# Content-Security-Policy (django-csp): no inline script or style anywhere (the templates
# have none; the SVG maps and charts colour with presentation attributes such as fill=,
# which the policy does not govern, so style-src needs no 'unsafe-inline'). Pages may only
# be framed under EMBED_URL_PREFIX, by EMBED_ALLOWED_ORIGINS (sante_locale.www.security).
EMBED_URL_PREFIX = "/annuaire/integration/"
EMBED_ALLOWED_ORIGINS = env.as_list("SANTE_LOCALE_EMBED_ORIGINS")


def _tile_origin(url: str) -> list[str]:
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, *_tile_origin(TILE_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
