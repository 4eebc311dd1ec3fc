"""gunicorn's configuration for production (``sante-locale serve --production`` reads it too).

``gunicorn -c python:sante_locale.config.gunicorn --bind 127.0.0.1:8000`` serves the
application with the production settings: ``SANTE_LOCALE_WORKERS`` processes (default
2 × cores + 1) of ``SANTE_LOCALE_THREADS`` threads each, access and error logs as JSON lines
on stdout. gunicorn trusts ``X-Forwarded-*`` headers from ``FORWARDED_ALLOW_IPS`` only
(default 127.0.0.1: a reverse proxy on the same machine).
"""

import multiprocessing
import os

from sante_locale.config import env

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sante_locale.config.production")

wsgi_app = "sante_locale.config.wsgi:application"
bind = ["127.0.0.1:8000"]
worker_class = "gthread"
workers = env.as_int("SANTE_LOCALE_WORKERS") if env.value("SANTE_LOCALE_WORKERS").strip() else (
    2 * multiprocessing.cpu_count() + 1)
threads = env.as_int("SANTE_LOCALE_THREADS")
timeout = 120  # a cold PDF portrait of a large département takes about 20 s
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # workers are renewed now and then (memory held by large pages)
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "sante_locale.config.logs.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
