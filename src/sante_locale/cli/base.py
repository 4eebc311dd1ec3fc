"""What every command group of the CLI shares: the French parser, the user error, Django
set-up, the progress bar and the French tables."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import sys
from pathlib import Path

from sante_locale.core.formats import fr_number, prose


class CLIError(Exception):
    """An error for the user: printed in French, exit status 2, no traceback."""


class FrenchParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")

    def format_usage(self):
        return super().format_usage().replace("usage:", "utilisation :")

    def format_help(self):
        text = super().format_help()
        return prose(text.replace("usage:", "utilisation :").replace("positional arguments:", "arguments :")
                     .replace("options:", "options :"))

    def error(self, message):
        translations = {
            "the following arguments are required": "arguments obligatoires manquants",
            "invalid choice": "choix invalide",
            "unrecognized arguments": "arguments non reconnus",
            "expected one argument": "une valeur est attendue",
            "choose from": "choisir parmi",
            "argument": "argument",
        }
        for en, fr in translations.items():
            message = message.replace(en, fr)
        self.print_usage(sys.stderr)
        self.exit(2, f"Erreur : {message}\nAide : {self.prog} --help\n")


class _ProseWriter:
    """A text stream that writes French typography (``core.formats.prose``) to ``stream``."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(prose(text))
        return len(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


@contextlib.contextmanager
def french_output(human: bool = True):
    """While a command runs, its human output (not ``--format csv|json``, not files) is
    written with French typography: typographic apostrophes, narrow no-break spaces."""
    if not human:
        yield
        return
    stream = sys.stdout
    sys.stdout = _ProseWriter(stream)
    try:
        yield
    finally:
        sys.stdout = stream


def add_format(parser, default="tableau"):
    parser.add_argument("--format", choices=["tableau", "csv", "json"], default=default,
                        help="présentation du résultat (défaut : %(default)s)")


def add_user_arg(parser):
    parser.add_argument("--utilisateur", metavar="IDENTIFIANT",
                        help="agir avec les droits de ce compte (défaut : l'opérateur du serveur, tous les droits)")


def acting_user(args):
    """The user a command acts for: ``--utilisateur`` (an active account), else the operator.

    Call after :func:`setup_django`. Raises :class:`CLIError` for an unknown account.
    """
    from sante_locale.accounts.access import Operator

    username = getattr(args, "utilisateur", None)
    if not username:
        return Operator()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CLIError(f"Compte « {username} » inconnu ou désactivé : vérifiez l'identifiant (--utilisateur).")
    return user


def add_server_args(parser):
    parser.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (défaut : %(default)s)")
    parser.add_argument("--port", type=int, default=8000, help="port d'écoute (défaut : %(default)s)")


# --- environment -------------------------------------------------------------------------


def check_home() -> Path:
    from sante_locale.config import env

    home = env.home()
    try:
        home.mkdir(parents=True, exist_ok=True)
        probe = home / ".ecriture-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise CLIError(
            f"Le dossier de données {home} n'est pas accessible en écriture ({exc.strerror}). "
            "Choisissez un autre dossier avec la variable SANTE_LOCALE_HOME, ou corrigez ses droits."
        ) from exc
    return home


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sante_locale.config.dev")
    if not os.environ.get("DATABASE_URL"):
        check_home()
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command
    from django.db import OperationalError

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except OperationalError as exc:
        raise CLIError(f"La base de données ne répond pas ou refuse l'accès : {exc}. "
                       "Vérifiez DATABASE_URL (voir docs/environnement.md).") from exc


def require_reference() -> None:
    """Prepare the database and refuse, in French, to search an empty reference."""
    migrate()
    from sante_locale.territories.models import ReferenceVintage

    if not ReferenceVintage.objects.exists():
        raise CLIError("Le référentiel territorial n'est pas encore importé dans cette base : "
                       "lancez « sante-locale import referentiel » (ou « sante-locale demo »).")


def progress_printer(prefix: str):
    def report(step: str, done: int, total: int) -> None:
        width = 24
        filled = int(width * done / total) if total else width
        print(f"\r{prefix} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {step:<28}", end="",
              file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)
    return report


def emit(rows: list[dict], fmt: str, columns: list[tuple]) -> None:
    """Print ``rows`` as JSON, CSV or a French table; a column is ``(key, label)`` or
    ``(key, label, decimals)`` (the table writes its numbers with these decimals)."""
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=[c[0] for c in columns], delimiter=";", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        print(out.getvalue(), end="")
        return
    table = [[c[1] for c in columns]] + [[fr(r.get(c[0]), *c[2:3]) for c in columns] for r in rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(columns))]
    for n, row in enumerate(table):
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def fr(value, decimals: int | None = None) -> str:
    """A cell written the French way (see ``core.formats``), with ``decimals`` if given."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if decimals is not None and isinstance(value, int | float):
        return fr_number(value, decimals)
    if isinstance(value, int):
        return fr_number(value)
    if isinstance(value, float):
        return fr_number(value, 0 if value.is_integer() and abs(value) >= 100 else 2)
    return str(value)
