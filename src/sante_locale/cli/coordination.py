"""``dispositif`` and ``articulation``: the registry of dispositifs and how they fit together
on a territory, with the rights of ``--utilisateur`` (the permission layer of the pages)."""

from __future__ import annotations

import json

from sante_locale.cli.base import (
    CLIError,
    FrenchParser,
    acting_user,
    add_user_arg,
    atomic_output,
    bounded_int,
    check_output,
    emit,
    require_reference,
    setup_django,
)

LIST_COLUMNS = [("id", "N°"), ("nom", "Nom"), ("type", "Type"), ("statut", "Statut"), ("perimetre", "Périmètre"),
                ("porteur", "Porteur"), ("etp", "ETP")]


def add_parsers(sub) -> None:
    disp = sub.add_parser("dispositif", help="registre des dispositifs (CLS, CLSM, ASV, CPTS…)",
                          epilog="exemples :\n  sante-locale dispositif lister --territoire 246200364\n"
                                 "  sante-locale dispositif montrer 3\n"
                                 "  sante-locale dispositif exporter 3 --format xlsx -o cls.xlsx")
    actions = disp.add_subparsers(dest="action", metavar="ACTION", parser_class=FrenchParser)
    lister = actions.add_parser("lister", help="liste les dispositifs visibles (filtre par territoire couvert)",
                                epilog="exemples :\n  sante-locale dispositif lister\n"
                                       "  sante-locale dispositif lister --territoire 62498 --format csv\n"
                                       "  sante-locale dispositif lister --utilisateur marie.dupont --format json")
    lister.add_argument("--territoire", metavar="CODE",
                        help="code INSEE, epci:SIREN, département, region:CODE ou nom d'un territoire personnalisé")
    lister.add_argument("--format", choices=["tableau", "csv", "json"], default="tableau",
                        help="présentation (défaut : %(default)s)")
    add_user_arg(lister)
    show = actions.add_parser("montrer", help="décrit un dispositif : périmètre, porteur, partenaires, financements",
                              epilog="exemple :\n  sante-locale dispositif montrer 3 --utilisateur marie.dupont")
    show.add_argument("id", type=bounded_int(1, 2**31 - 1, "numéro"), help="numéro du dispositif (colonne N° de « dispositif lister »)")
    show.add_argument("--format", choices=["tableau", "json"], default="tableau",
                      help="présentation (défaut : %(default)s)")
    add_user_arg(show)
    export = actions.add_parser("exporter", help="exporte un dispositif en tableur XLSX ou en JSON",
                                epilog="exemples :\n  sante-locale dispositif exporter 3 --format xlsx -o cls.xlsx\n"
                                       "  sante-locale dispositif exporter 3 --format json -o cls.json")
    export.add_argument("id", type=bounded_int(1, 2**31 - 1, "numéro"), help="numéro du dispositif")
    export.add_argument("--format", choices=["xlsx", "json"], required=True, help="format du fichier")
    export.add_argument("-o", "--sortie", required=True, metavar="FICHIER", help="fichier à écrire")
    add_user_arg(export)

    art = sub.add_parser("articulation", help="articulation des dispositifs d'un territoire : lacunes, "
                                              "chevauchements, moyens",
                         epilog="exemples :\n  sante-locale articulation epci:246200364\n"
                                "  sante-locale articulation 62 --format json\n"
                                "  sante-locale articulation 246200364 --format csv --tableau chevauchements")
    art.add_argument("territoire", help="code INSEE, epci:SIREN, département, region:CODE ou nom d'un territoire "
                                        "personnalisé")
    art.add_argument("--format", choices=["tableau", "csv", "json"], default="tableau",
                     help="présentation (défaut : %(default)s)")
    art.add_argument("--tableau", choices=["couverture", "lacunes", "qpv", "apl", "chevauchements", "partenaires",
                                           "moyens"], default="lacunes",
                     help="tableau écrit en CSV (défaut : %(default)s ; JSON et tableau donnent tout)")
    add_user_arg(art)


def _prepare(args):
    setup_django()
    require_reference()
    return acting_user(args)


def _dispositif(args, user, action: str):
    from sante_locale.accounts.access import Forbidden, require
    from sante_locale.coordination.models import Dispositif

    d = Dispositif.objects.select_related("kind", "carrier", "coordinator").filter(pk=args.id).first()
    if d is None:
        raise CLIError(f"Aucun dispositif n° {args.id} : voyez les numéros avec « sante-locale dispositif lister ».")
    try:
        require(user, "coordination.view_dispositif", d, action=action, channel="cli",
                path=f"dispositif {args.action} {args.id}")
    except Forbidden as exc:
        raise CLIError(f"{exc} (compte « {user} »)") from exc
    return d


def _unit(text: str, user):
    from sante_locale.territories.lookup import UnknownTerritory, resolve

    try:
        return resolve(text, user)
    except UnknownTerritory as exc:
        raise CLIError(str(exc)) from exc


def cmd_list(args) -> int:
    user = _prepare(args)
    from sante_locale.coordination.articulation import covering
    from sante_locale.coordination.models import Dispositif
    from sante_locale.coordination.perimeters import describe

    qs = Dispositif.objects.visible_to(user).select_related("kind", "carrier", "perimeter_territory")
    if args.territoire is not None:  # given empty is a mistake, not « everywhere »
        qs = covering(_unit(args.territoire, user), qs)
    rows = [{"id": d.pk, "nom": d.name, "type": d.kind.label, "statut": d.get_status_display(),
             "perimetre": describe(d), "porteur": d.carrier.name,
             "etp": float(d.coordinator_fte) if d.coordinator_fte is not None else None,
             "demonstration": d.is_demo} for d in qs.order_by("kind__order", "name", "pk")]
    if not rows and args.format == "tableau":
        print("Aucun dispositif visible" + (f" sur « {args.territoire} »." if args.territoire else "."))
        return 0
    emit(rows, args.format, LIST_COLUMNS)
    return 0


def cmd_show(args) -> int:
    user = _prepare(args)
    from sante_locale.coordination.exports import dispositif_record

    record = dispositif_record(_dispositif(args, user, "voir ce dispositif"))
    if args.format == "json":
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return 0
    print(f"{record['name']} — {record['kind_label']} (n° {record['id']})")
    if record["is_demo"]:
        print("  Scénario de démonstration : personnes fictives.")
    print(f"  Statut : {record['status']} ; périmètre : {record['perimeter']['label']}")
    print(f"  Porteur : {record['carrier']} ; coordination : {record['coordinator'] or '—'} "
          f"({record['coordinator_fte'] if record['coordinator_fte'] is not None else '—'} ETP)")
    for label, key in (("Signé le", "signed_on"), ("Début", "starts_on"), ("Fin", "ends_on")):
        if record[key]:
            print(f"  {label} : {record[key]}")
    if record["partners"]:
        print("\n  Partenaires :")
        emit(record["partners"], "tableau", [("structure", "Structure"), ("role_label", "Rôle")])
    if record["fundings"]:
        print("\n  Financements :")
        emit(record["fundings"], "tableau", [("funder", "Financeur"), ("year", "Année"), ("amount", "Montant (€)"),
                                             ("purpose", "Objet")])
    return 0


def cmd_export(args) -> int:
    user = _prepare(args)
    from sante_locale.coordination.exports import write_dispositif

    path = check_output(args.sortie)
    d = _dispositif(args, user, "exporter ce dispositif")
    with atomic_output(path) as temporary:
        write_dispositif(d, args.format, temporary)
    print(f"Dispositif « {d.name} » exporté dans {path} ({args.format.upper()}).")
    return 0


def cmd_articulation(args) -> int:
    user = _prepare(args)
    from sante_locale.coordination.articulation import gather
    from sante_locale.coordination.exports import articulation_json, articulation_tables, table_csv

    unit = _unit(args.territoire, user)
    art = gather(unit, user)
    if args.format == "json":
        print(json.dumps(articulation_json(art), ensure_ascii=False, indent=2))
        return 0
    tables = {t.key: t for t in articulation_tables(art)}
    if args.format == "csv":
        print(table_csv(tables[args.tableau]), end="")
        return 0
    r = art.result
    print(f"Articulation des dispositifs : {unit.name} ({len(r.communes)} communes, {len(r.dispositifs)} dispositifs)")
    for key in ("lacunes", "qpv", "apl", "chevauchements", "moyens"):
        table = tables[key]
        if key == "apl" and not r.apl_known:
            print(f"\n{table.title} : APL inconnue (aucune offre de soins importée).")
            continue
        print(f"\n{table.title} ({len(table.rows)}) :")
        if table.rows:
            emit(table.rows, "tableau", table.columns)
    return 0


COMMANDS = {("dispositif", "lister"): cmd_list, ("dispositif", "montrer"): cmd_show,
            ("dispositif", "exporter"): cmd_export, ("articulation",): cmd_articulation}
