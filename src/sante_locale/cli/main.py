"""The ``sante-locale`` command: thin, French, with an example in every help.

It parses arguments, prepares Django, and calls the apps; it computes nothing itself. Each
command group has its own module (``add_parsers`` and ``COMMANDS``); this one assembles them.
"""

from __future__ import annotations

import os
import sys
import traceback

from sante_locale.cli import (
    api,
    apl,
    coordination,
    directory,
    imports,
    operations,
    portraits,
    programme,
    server,
    territories,
    traveltime,
    version,
)
from sante_locale.cli.base import CLIError, FrenchParser, french_output
from sante_locale.core.formats import prose

EPILOG_MAIN = """exemples :
  sante-locale demo                      prépare la base, charge le référentiel et ouvre l'application
  sante-locale territoire chercher lens  cherche un territoire par son nom
  sante-locale territoire montrer 62498  décrit la commune de Lens
"""

#: The command groups, in the order of ``sante-locale --help``.
GROUPS = (server, imports, territories, portraits, apl, traveltime, coordination, programme, api, directory,
          operations, version)


def build_parser() -> FrenchParser:
    parser = FrenchParser(prog="sante-locale", description="Santé Locale : observer, coordonner, rapprocher.",
                          epilog=EPILOG_MAIN)
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchParser)
    for group in GROUPS:
        group.add_parsers(sub)
    return parser


COMMANDS = {key: handler for group in GROUPS for key, handler in group.COMMANDS.items()}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    key = tuple(v for v in (args.command, getattr(args, "dataset", None), getattr(args, "action", None)) if v)
    handler = COMMANDS.get(key)
    if handler is None:
        sub = f"{args.command} --help" if args.command else "--help"
        print(f"Précisez une commande. Aide : sante-locale {sub}", file=sys.stderr)
        return 2
    try:
        with french_output(getattr(args, "format", "tableau") == "tableau"):
            return handler(args)
    except CLIError as exc:
        print(prose(f"Erreur : {exc}"), file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped to `head`: not an error
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115
        return 0
    except KeyboardInterrupt:
        print("\nArrêt demandé.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a user never sees a traceback
        log = _log_unexpected()
        print(f"Erreur inattendue : {exc.__class__.__name__}: {exc}. Rien n'a été modifié de façon partielle "
              f"(chaque import est une transaction). Détails techniques dans {log}.", file=sys.stderr)
        return 1


def _log_unexpected() -> str:
    from sante_locale.config import env

    try:
        path = env.home() / "erreurs.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a") as f:
            f.write(traceback.format_exc() + "\n")
        return str(path)
    except OSError:
        return "la sortie d'erreur (dossier de données non accessible)"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
