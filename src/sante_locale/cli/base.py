"""What every command group of the CLI shares: the French parser, the user error, Django
set-up, the progress bar and the French tables."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import math
import os
import sys
import tempfile
from pathlib import Path

from sante_locale.core.formats import fr_number, prose
from sante_locale.core.oserrors import reason


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
# --- argument types: a bad value is refused by the parser (French message, exit code 2) ------------------


def bounded_int(low: int, high: int, what: str):
    """An argparse ``type``: an integer between ``low`` and ``high`` (inclusive)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} : « {text} » n'est pas un nombre entier") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} : {value} hors des bornes (entre {low} et {high})")
        return value

    parse.__name__ = what  # argparse names the type in its own messages
    return parse


def bounded_float(low: float, high: float, what: str):
    """An argparse ``type``: a finite decimal number in ]``low`` ; ``high``] (comma accepted)."""

    def parse(text: str) -> float:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} : « {text} » n'est pas un nombre") from None
        if not (math.isfinite(value) and low < value <= high):
            raise argparse.ArgumentTypeError(f"{what} : {text} hors des bornes (plus de {low:g}, au plus {high:g})")
        return value

    parse.__name__ = what
    return parse


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
    if username is None:  # not given: the operator; given empty is a mistake, never all rights
        return Operator()
    if not username.strip():
        raise CLIError("--utilisateur est vide : donnez l'identifiant d'un compte, ou retirez l'option "
                       "pour agir en opérateur.")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CLIError(f"Compte « {username} » inconnu ou désactivé : vérifiez l'identifiant (--utilisateur).")
    return user


def add_server_args(parser):
    parser.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (défaut : %(default)s)")
    parser.add_argument("--port", type=bounded_int(1, 65535, "port"), default=8000,
                        help="port d'écoute, de 1 à 65535 (défaut : %(default)s)")


# --- files given on the command line --------------------------------------------------------------------



def os_reason(exc: OSError) -> str:
    """The reason of an ``OSError`` in French (see :func:`sante_locale.core.oserrors.reason`)."""
    return reason(exc)


def check_output(path: str | None) -> Path | None:
    """Refuse, before any work, an output file that cannot be written (:class:`CLIError`).

    Every command that writes a file calls this first, so that nothing is computed, stored
    or cached for a result that could not be written: the folder must exist, the path must
    not be a folder or a special file, and a file of that name must be creatable there
    (tried, then removed) or, when it exists, replaceable.
    """
    if path is None:
        return None
    if not str(path).strip():
        raise CLIError("Fichier de sortie vide : donnez un nom de fichier après -o, par exemple -o resultat.csv.")
    target = Path(path)
    parent = target.parent
    try:
        if target.is_dir():
            raise CLIError(f"La sortie {target} est un dossier : donnez un nom de fichier, par exemple "
                           f"{target / ('resultat' + (target.suffix or '.csv'))}.")
        if not parent.exists():
            raise CLIError(f"Le dossier {parent} n'existe pas : créez-le ou choisissez un autre fichier de sortie "
                           f"que {target}.")
        if not parent.is_dir():
            raise CLIError(f"{parent} n'est pas un dossier : choisissez un autre fichier de sortie que {target}.")
        if target.exists() and not target.is_file():
            raise CLIError(f"La sortie {target} n'est pas un fichier ordinaire : choisissez un autre nom de fichier "
                           "(sans -o, le résultat s'affiche à l'écran quand la commande le permet).")
        if target.exists():
            fd, probe = tempfile.mkstemp(prefix=f".{target.name[:40]}.", suffix=".essai", dir=parent)
            os.close(fd)
            os.unlink(probe)
        else:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            os.close(fd)
            os.unlink(target)
    except OSError as exc:
        shown = str(target) if len(str(target)) <= 120 else str(target)[:117] + "…"
        raise CLIError(f"Impossible d'écrire le fichier de sortie {shown} ({os_reason(exc)}) : choisissez un "
                       "dossier où vous pouvez écrire, ou corrigez ses droits. Rien n'a été calculé.") from None
    return target


def write_output(target: Path, data: bytes | str) -> None:
    """Write ``data`` to ``target`` whole or not at all (see :func:`atomic_output`)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_output(target) as temporary:
        temporary.write_bytes(raw)
        os.chmod(temporary, 0o644)  # readable as any file the user writes (mkstemp makes it private)


@contextlib.contextmanager
def atomic_output(target: Path):
    """A temporary path beside ``target`` (checked by :func:`check_output`), renamed to it only
    when the block succeeds: a failure leaves no file, never half a file."""
    from sante_locale.core.files import atomic_path

    try:
        with atomic_path(target) as temporary:
            yield temporary
    except OSError as exc:
        raise CLIError(f"Impossible d'écrire le fichier de sortie {target} ({os_reason(exc)}).") from None


def check_input(path: str, what: str = "fichier") -> Path:
    """A file to read: refuse a missing path, a folder or an unreadable file (:class:`CLIError`)."""
    source = Path(path)
    if not str(path).strip():
        raise CLIError(f"Chemin du {what} vide : donnez le chemin d'un fichier.")
    if not source.exists():
        raise CLIError(f"{what.capitalize()} introuvable : {source}. Vérifiez le chemin (ou téléchargez le fichier).")
    if source.is_dir():
        raise CLIError(f"{source} est un dossier : donnez le chemin du {what} lui-même.")
    try:
        with source.open("rb") as f:
            f.read(1)
    except OSError as exc:
        raise CLIError(f"Le {what} {source} est illisible ({os_reason(exc)}) : vérifiez ses droits.") from None
    return source


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
            f"Le dossier de données {home} n'est pas accessible en écriture ({os_reason(exc)}). "
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
