"""``serve --production``: gunicorn with the production settings (docs/deploiement.md).

The master process checks the environment (French refusal before anything starts), migrates
the database, collects the static files, then forks the workers; each worker loads the WSGI
application. gunicorn is driven through its documented custom-application API with the very
configuration module that the plain ``gunicorn -c python:sante_locale.config.gunicorn``
command reads, so both ways serve alike.
"""

from __future__ import annotations

import os

from sante_locale.cli.base import CLIError, migrate, setup_django

SETTINGS_MODULE = "sante_locale.config.production"


def check_environment() -> None:
    from sante_locale.config.env import missing_production_settings

    problems = missing_production_settings()
    if problems:
        raise CLIError("démarrage en production refusé :\n  - " + "\n  - ".join(problems)
                       + "\nVoir docs/deploiement.md.")


def serve(host: str, port: int) -> int:
    from sante_locale.cli.server import port_in_use

    check_environment()
    if port_in_use(host, port):
        raise CLIError(f"Le port {port} est déjà utilisé sur {host} : arrêtez l'autre serveur ou choisissez "
                       "un autre port avec --port.")
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    setup_django()
    migrate()
    from django.core.management import call_command
    from django.db import connections

    call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()  # the workers open their own after the fork
    print(f"Application servie sur http://{host}:{port} (production, Ctrl+C pour arrêter)", flush=True)
    _Server(f"{host}:{port}").run()
    return 0


def _application():
    from sante_locale.config.wsgi import application

    return application


try:
    from gunicorn.app.base import BaseApplication
except ImportError:  # pragma: no cover - gunicorn is a dependency; Windows has none
    BaseApplication = object


class _Server(BaseApplication):
    def __init__(self, bind: str):
        self.bind = bind
        super().__init__()

    def load_config(self):
        from sante_locale.config import gunicorn as conf

        for name in dir(conf):
            if name in self.cfg.settings and name != "wsgi_app":
                self.cfg.set(name, getattr(conf, name))
        self.cfg.set("bind", [self.bind])

    def load(self):
        return _application()
