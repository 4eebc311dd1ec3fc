"""``annuaire``: import, export and search the directory of services (data·inclusion v1)."""

from __future__ import annotations

import json
from pathlib import Path

from sante_locale.cli.base import (
    CLIError,
    FrenchParser,
    acting_user,
    add_user_arg,
    bounded_int,
    check_input,
    check_output,
    require_reference,
    setup_django,
    write_output,
)

FORMATS = ["data-inclusion-json", "csv"]


def add_parsers(sub) -> None:
    group = sub.add_parser(
        "annuaire", help="annuaire des services (import, export data·inclusion, recherche)",
        epilog="exemples :\n  sante-locale annuaire chercher lens --ouvert-maintenant\n"
        "  sante-locale annuaire exporter services.json\n  sante-locale annuaire importer services.json --verifier")
    actions = group.add_subparsers(dest="action", metavar="ACTION", parser_class=FrenchParser)
    imp = actions.add_parser(
        "importer", help="importe des structures et services au format data·inclusion (JSON ou CSV)",
        description="Valide chaque enregistrement avec le schéma data·inclusion v1, puis importe tout dans une "
        "seule transaction. Un enregistrement invalide (avec son motif) bloque tout l'import, sauf avec "
        "--ignorer-invalides. En CSV, les structures sont lues dans FICHIER-structures.csv s'il existe.",
        epilog="exemples :\n  sante-locale annuaire importer services.json --verifier\n"
        "  sante-locale annuaire importer services.csv --format csv --ignorer-invalides")
    imp.add_argument("fichier", metavar="FICHIER", help="fichier data·inclusion (JSON, ou CSV des services)")
    imp.add_argument("--format", choices=FORMATS, help="format du fichier (défaut : d'après l'extension)")
    imp.add_argument("--verifier", action="store_true", help="vérifie tout sans rien écrire dans la base")
    imp.add_argument("--ignorer-invalides", action="store_true",
                     help="importe les enregistrements valides et liste les invalides (sinon : rien n'est importé)")
    add_user_arg(imp)
    exp = actions.add_parser(
        "exporter", help="exporte les services publiés au format data·inclusion (JSON ou CSV)",
        description="Écrit les services publiés et leurs structures, validés par le schéma data·inclusion v1. "
        "Nos thématiques santé sont traduites vers la thématique du schéma la plus proche ; nos champs propres "
        "voyagent dans des clés « sante_locale_… ». En CSV, les structures vont dans FICHIER-structures.csv.",
        epilog="exemples :\n  sante-locale annuaire exporter services.json\n"
        "  sante-locale annuaire exporter services.csv --format csv\n"
        "  sante-locale annuaire exporter services.json --verifier")
    exp.add_argument("fichier", metavar="FICHIER", help="fichier à écrire")
    exp.add_argument("--format", choices=FORMATS, help="format du fichier (défaut : d'après l'extension)")
    exp.add_argument("--verifier", action="store_true", help="valide l'export sans écrire le fichier")
    find = actions.add_parser(
        "chercher", help="cherche des services près d'une commune, d'un code postal ou d'un lieu",
        epilog="exemples :\n  sante-locale annuaire chercher lens\n"
        "  sante-locale annuaire chercher 62300 --ouvert-maintenant --format json\n"
        "  sante-locale annuaire chercher lievin --theme sante-locale--pass --gratuit")
    find.add_argument("texte", metavar="TEXTE", help="commune, code postal ou lieu")
    find.add_argument("--ouvert-maintenant", action="store_true", help="seulement les services ouverts maintenant")
    find.add_argument("--theme", default="", help="clé de thématique (ex. sante-locale--pass)")
    find.add_argument("--public", default="", help="clé de public data·inclusion (ex. familles)")
    find.add_argument("--gratuit", action="store_true", help="seulement les services gratuits")
    find.add_argument("--limite", type=bounded_int(1, 1000, "limite"), default=20,
                      help="nombre maximal de résultats, de 1 à 1 000 (défaut : 20)")
    find.add_argument("--format", choices=["tableau", "json"], default="tableau",
                      help="présentation du résultat (défaut : %(default)s)")
    remind = actions.add_parser(
        "rappels", help="liste les services à mettre à jour selon leur fréquence, avec leurs éditeurs",
        description="Un service est à mettre à jour quand sa dernière mise à jour est plus ancienne que sa "
        "fréquence (180 jours par défaut). À lancer chaque semaine (tâche planifiée) ; aucun courriel n'est envoyé.",
        epilog="exemples :\n  sante-locale annuaire rappels\n  sante-locale annuaire rappels --format json")
    remind.add_argument("--format", choices=["tableau", "json"], default="tableau",
                        help="présentation du résultat (défaut : %(default)s)")


def _fmt(args) -> str:
    return args.format or ("csv" if Path(args.fichier).suffix.lower() == ".csv" else "data-inclusion-json")


def cmd_import(args) -> int:
    setup_django()
    require_reference()
    from sante_locale.accounts.access import Forbidden, require
    from sante_locale.core.sources.data_inclusion import read
    from sante_locale.core.sources.errors import SourceError
    from sante_locale.directory.exchange import ImportRefused, import_bundle

    try:
        require(acting_user(args), "directory.import_services", action="importer des services dans l'annuaire",
                channel="cli")
        bundle = read(check_input(args.fichier), _fmt(args))
        report = import_bundle(bundle, ignore_invalid=args.ignorer_invalides, check_only=args.verifier)
    except (SourceError, Forbidden) as exc:
        raise CLIError(str(exc)) from exc
    except ImportRefused as exc:
        details = "\n".join(f"  {r}" for r in exc.invalid)
        raise CLIError(f"{exc}\n{details}\nCorrigez ces enregistrements, ou relancez avec --ignorer-invalides "
                       "pour importer les autres.") from exc
    print("\n".join(report.lines()))
    return 0


def cmd_export(args) -> int:
    setup_django()
    require_reference()
    from sante_locale.core.sources.data_inclusion import csv_files, dump_json
    from sante_locale.directory.exchange import export_records
    from sante_locale.directory.models import Service

    path = None if args.verifier else check_output(args.fichier)  # before any work
    structures, services = export_records(Service.objects.published())
    if args.verifier:
        print(f"Export valide (schéma data·inclusion v1) : {len(structures)} structure(s), {len(services)} "
              "service(s). Vérification seulement (--verifier) : aucun fichier écrit.")
        return 0
    files = csv_files(path, structures, services) if _fmt(args) == "csv" else [(path, dump_json(structures, services))]
    for target, _ in files[1:]:
        check_output(str(target))
    for target, text in files:
        write_output(target, text)
    written = [target for target, _ in files]
    print(f"{len(structures)} structure(s) et {len(services)} service(s) exportés : "
          + ", ".join(str(p) for p in written))
    return 0


def cmd_search(args) -> int:
    setup_django()
    require_reference()
    from sante_locale.directory.search import PlaceNotFound, resolve_place, search
    from sante_locale.directory.vocabulary import AUDIENCES, SCHEMA_THEMES, SEARCH_THEMES

    if args.theme and args.theme not in SEARCH_THEMES and args.theme not in SCHEMA_THEMES:
        raise CLIError(f"Thématique « {args.theme} » inconnue : choisissez parmi {', '.join(SEARCH_THEMES)}.")
    if args.public and args.public not in AUDIENCES:
        raise CLIError(f"Public « {args.public} » inconnu : choisissez parmi {', '.join(AUDIENCES)}.")
    try:
        place = resolve_place(args.texte)
    except PlaceNotFound as exc:
        raise CLIError(str(exc)) from exc
    results = search(place, theme=args.theme, audience=args.public, free_only=args.gratuit,
                     open_now=args.ouvert_maintenant, limit=args.limite)
    rows = [{"id": r.service.pk, "nom": r.service.name, "structure": r.service.structure.name,
             "commune": r.service.commune_name or (r.service.commune.name if r.service.commune else ""),
             "distance_km": None if r.distance_km is None else round(r.distance_km, 2),
             "ouvert": r.status.is_open, "horaires": r.status.sentence,
             "prochain_arret": r.next_stop.stop.place if r.next_stop else None} for r in results]
    if args.format == "json":
        print(json.dumps({"lieu": place.label, "services": rows}, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(f"Aucun service trouvé près de {place.label} avec ces critères.")
        return 1
    print(f"Services près de {place.label} :")
    for r, row in zip(results, rows, strict=True):
        print(f"- {row['nom']} ({row['structure']}), {row['commune']} {r.distance_label} — {row['horaires']}"
              + (f" — arrêt : {row['prochain_arret']}" if row["prochain_arret"] else ""))
    return 0


def cmd_reminders(args) -> int:
    setup_django()
    require_reference()
    from sante_locale.directory.reminders import due

    rows = [{"id": r.service.pk, "service": r.service.name, "structure": r.service.structure.name,
             "jours_depuis_mise_a_jour": r.days_since_update, "jours_de_retard": r.overdue_days,
             "editeurs": r.editors} for r in due()]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("Aucun service à mettre à jour.")
        return 0
    print(f"{len(rows)} service(s) à mettre à jour :")
    for row in rows:
        who = ", ".join(row["editeurs"]) or "aucun éditeur (un administrateur doit en désigner un)"
        print(f"- {row['service']} ({row['structure']}) : mis à jour il y a {row['jours_depuis_mise_a_jour']} jours, "
              f"{row['jours_de_retard']} jours de retard — à : {who}")
    return 0


COMMANDS = {("annuaire", "rappels"): cmd_reminders, ("annuaire", "importer"): cmd_import, ("annuaire", "exporter"): cmd_export,
            ("annuaire", "chercher"): cmd_search}
