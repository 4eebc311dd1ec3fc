"""``programme`` and ``bilan``: a dispositif's action programme to and from a workbook, and
its annual review as Word or PDF. Acts with the operator's rights, or ``--utilisateur``'s."""

from __future__ import annotations

from pathlib import Path

from sante_locale.cli.base import (
    CLIError,
    acting_user,
    add_user_arg,
    atomic_output,
    bounded_int,
    check_output,
    require_reference,
    setup_django,
)

DISPOSITIF_HELP = "le dispositif : son numéro (identifiant) ou son nom exact"
EXAMPLE_EXPORT = "  sante-locale programme exporter \"Contrat local de santé de la CA de Lens-Liévin\" programme.xlsx"
EXAMPLE_IMPORT = "  sante-locale programme importer 12 programme.xlsx --verifier"
EXAMPLE_REVIEW = "  sante-locale bilan 12 --annee 2025 --format docx -o bilan-2025.docx"


def add_parsers(sub) -> None:
    programme = sub.add_parser(
        "programme", help="programme d'actions d'un dispositif : export et import d'un classeur XLSX",
        epilog="exemples :\n" + EXAMPLE_EXPORT + "\n" + EXAMPLE_IMPORT)
    actions = programme.add_subparsers(dest="action", metavar="ACTION")
    export = actions.add_parser(
        "exporter", help="écrit tout le programme dans un classeur XLSX (une feuille par niveau)",
        description="Écrit le programme d'un dispositif (axes, objectifs, fiches actions, jalons, budget, "
                    "indicateurs, cibles, valeurs, lentille inégalités) dans un classeur à compléter puis réimporter.",
        epilog="exemple :\n" + EXAMPLE_EXPORT)
    export.add_argument("dispositif", help=DISPOSITIF_HELP)
    export.add_argument("fichier", help="classeur à écrire (.xlsx)")
    add_user_arg(export)
    load = actions.add_parser(
        "importer", help="remplace le programme par le contenu d'un classeur XLSX (tout ou rien)",
        description="Lit un classeur au format de l'export, vérifie chaque cellule et chaque référence (structures, "
                    "communes, QPV, questions), puis met le programme en conformité en une seule transaction : rien "
                    "n'est importé s'il reste un problème. Les problèmes sont listés par feuille, ligne et colonne.",
        epilog="exemple :\n" + EXAMPLE_IMPORT)
    load.add_argument("dispositif", help=DISPOSITIF_HELP)
    load.add_argument("fichier", help="classeur à lire (.xlsx)")
    load.add_argument("--verifier", action="store_true", help="vérifie et dit ce qui changerait, sans rien écrire")
    add_user_arg(load)
    review = sub.add_parser(
        "bilan", help="bilan annuel d'un dispositif en Word (modifiable) ou PDF",
        description="Établit le bilan annuel d'un dispositif : programme et avancement, indicateurs et graphiques, "
                    "budget, décisions de l'année, grille d'autoévaluation, lentille inégalités.",
        epilog="exemples :\n" + EXAMPLE_REVIEW + "\n  sante-locale bilan 12 --annee 2025 --format pdf -o bilan-2025.pdf")
    review.add_argument("dispositif", help=DISPOSITIF_HELP)
    review.add_argument("--annee", type=bounded_int(2000, 2100, "année"), required=True,
                        help="année du bilan, de 2000 à 2100 (ex. 2025)")
    review.add_argument("--format", choices=["docx", "pdf"], default="docx", help="format (défaut : docx)")
    review.add_argument("-o", "--sortie", required=True, help="fichier à écrire")
    add_user_arg(review)


def _dispositif(text: str):
    from sante_locale.coordination.models import Dispositif

    text = text.strip()
    found = Dispositif.objects.filter(pk=int(text)).first() if text.isdigit() else None
    if found is None:
        matches = list(Dispositif.objects.filter(name__iexact=text))
        if len(matches) > 1:
            raise CLIError(f"Plusieurs dispositifs s'appellent « {text} » : donnez son numéro "
                           f"({', '.join(str(d.pk) for d in matches)}).")
        found = matches[0] if matches else None
    if found is None:
        raise CLIError(f"Dispositif « {text} » inconnu : donnez son numéro ou son nom exact.")
    return found


def _setup(args):
    setup_django()
    require_reference()
    return acting_user(args)


def _require(user, perm, obj, action):
    from sante_locale.accounts.access import Forbidden, require

    try:
        require(user, perm, obj, action=action, channel="cli")
    except Forbidden as exc:
        raise CLIError(str(exc)) from exc


def cmd_export(args) -> int:
    user = _setup(args)
    from sante_locale.programme.models import Programme
    from sante_locale.programme.workbook import export_programme

    dispositif = _dispositif(args.dispositif)
    programme = Programme.objects.filter(dispositif=dispositif).first()
    if programme is None:
        raise CLIError(f"« {dispositif} » n'a pas encore de programme : créez-le sur sa page, ou importez un classeur.")
    _require(user, "programme.export_programme", programme, "exporter ce programme")
    target = check_output(args.fichier)
    with atomic_output(target) as temporary:
        export_programme(programme, temporary)
    print(f"Programme de {dispositif} écrit : {target}")
    return 0


def cmd_import(args) -> int:
    user = _setup(args)
    from sante_locale.programme.models import Programme
    from sante_locale.programme.workbook import WorkbookInvalid, import_programme

    dispositif = _dispositif(args.dispositif)
    source = Path(args.fichier)
    if not source.is_file():
        raise CLIError(f"Fichier {source} introuvable : vérifiez le chemin.")
    programme = Programme.objects.filter(dispositif=dispositif).first() or Programme(dispositif=dispositif)
    _require(user, "programme.import_programme", programme, "modifier le programme de ce dispositif par un import")
    try:
        report = import_programme(dispositif, source, user=user, dry_run=args.verifier)
    except WorkbookInvalid as exc:
        lines = "\n".join(f"  {p}" for p in exc.problems)
        raise CLIError(f"{exc}\n{lines}") from exc
    head = "Vérification réussie (rien n'a été écrit) ; l'import ferait :" if args.verifier else \
        f"Programme de {dispositif} importé depuis {source.name} :"
    print(head)
    for line in report.lines():
        print(f"  • {line}")
    return 0


def cmd_review(args) -> int:
    user = _setup(args)
    from sante_locale.programme import review

    dispositif = _dispositif(args.dispositif)
    _require(user, "programme.view_annual_review", dispositif, "produire le bilan annuel de ce dispositif")
    target = check_output(args.sortie)
    with atomic_output(target) as temporary:
        review.write(review.gather(dispositif, args.annee), args.format, temporary)
    print(f"Bilan {args.annee} de {dispositif} écrit : {target} ({args.format.upper()})")
    return 0


COMMANDS = {("programme", "exporter"): cmd_export, ("programme", "importer"): cmd_import, ("bilan",): cmd_review}
