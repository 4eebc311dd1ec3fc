"""Settings to serve many users: PostgreSQL, gunicorn, HTTPS behind a reverse proxy.

Used by ``sante-locale serve --production`` (and by the gunicorn command of
``docs/deploiement.md``). ``django-admin check --deploy`` reports no warning with them (a test
runs it). Secrets come from the environment only: without ``SANTE_LOCALE_SECRET_KEY``, or
without a PostgreSQL ``DATABASE_URL``, the application refuses to start, in French.
"""

from django.core.exceptions import ImproperlyConfigured

from sante_locale.config import env

if _problems := env.missing_production_settings():
    raise ImproperlyConfigured("Démarrage en production refusé : " + " ; ".join(_problems)
                               + ". Voir docs/deploiement.md.")

from sante_locale.config.base import *  # noqa: E402, F403
from sante_locale.config.base import HOME  # noqa: E402

DEBUG = False

# HTTPS is handled by the reverse proxy, which must set (overwrite) X-Forwarded-Proto
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = env.as_int("SANTE_LOCALE_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# "__Host-" cookies: sent over HTTPS only, for this exact host and every path
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True  # noqa: F405

# The client's address for login throttling: the proxy's X-Forwarded-For, as many proxies deep
AXES_IPWARE_PROXY_COUNT = env.as_int("SANTE_LOCALE_PROXY_COUNT")
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Static files: collected once (`serve --production` runs collectstatic), compressed, with
# hashed names cached for ever by browsers, served by WhiteNoise from the application.
STATIC_ROOT = HOME / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False

# Public pages from a short-lived cache for anonymous visitors (sante_locale.www.cache), one
# memory cache per gunicorn process; 0 turns it off.
CACHE_MIDDLEWARE_SECONDS = env.as_int("SANTE_LOCALE_PAGE_CACHE_SECONDS")
if CACHE_MIDDLEWARE_SECONDS > 0:
    MIDDLEWARE = ["sante_locale.www.cache.AnonymousUpdateCacheMiddleware", *MIDDLEWARE,  # noqa: F405
                  "sante_locale.www.cache.AnonymousFetchFromCacheMiddleware"]
# One cache shared by all the server's processes (files in the data folder: no other service to
# run): a public page computed by one worker is served by all of them for the rest of its life.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                      "LOCATION": str(HOME / "cache-pages"), "OPTIONS": {"MAX_ENTRIES": 5000}}}

# One JSON object a line on stdout (systemd's journal or the container's log collector).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "sante_locale.config.logs.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": env.value("SANTE_LOCALE_LOG_LEVEL").upper()},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        "django.request": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}
