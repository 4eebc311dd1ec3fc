"""``territoire``: search and describe territories."""

from __future__ import annotations

import json

from sante_locale.cli.base import (
    CLIError,
    FrenchParser,
    add_format,
    bounded_int,
    emit,
    fr,
    require_reference,
    setup_django,
)


def add_parsers(sub) -> None:
    terr = sub.add_parser("territoire", help="chercher et décrire des territoires",
                          epilog="exemples :\n  sante-locale territoire chercher lievin\n"
                          "  sante-locale territoire montrer epci:246200364")
    terr_sub = terr.add_subparsers(dest="action", metavar="ACTION", parser_class=FrenchParser)
    find = terr_sub.add_parser("chercher", help="cherche par nom, code INSEE ou code postal",
                               epilog="exemples :\n  sante-locale territoire chercher \"saint etienne\" --format csv\n"
                               "  sante-locale territoire chercher 62300\n  sante-locale territoire chercher \"liévin 62800\"")
    find.add_argument("texte", help="début du nom, code INSEE, code postal, ou nom et code postal "
                      "(sans accents si vous voulez)")
    find.add_argument("--limite", type=bounded_int(1, 1000, "limite"), default=20,
                      help="nombre maximal de résultats, de 1 à 1000 (défaut : 20)")
    add_format(find)
    show = terr_sub.add_parser(
        "montrer", help="décrit un territoire : population, composition, voisins",
        epilog="exemples :\n  sante-locale territoire montrer 62498\n  sante-locale territoire montrer epci:246200364\n"
        "  sante-locale territoire montrer 62\n  sante-locale territoire montrer region:32")
    show.add_argument("code", help="code INSEE, epci:SIREN, code de département, region:CODE ou nom d'un territoire personnalisé")
    add_format(show)


def cmd_territoire_chercher(args) -> int:
    setup_django()
    require_reference()
    from sante_locale.accounts.access import Operator
    from sante_locale.territories.lookup import UnknownTerritory, search

    try:
        hits = search(args.texte, limit=args.limite, user=Operator())
    except UnknownTerritory as exc:
        raise CLIError(str(exc)) from exc
    by_code = any(h.matched for h in hits)  # a code query: say whether each hit is its INSEE code or postcode
    rows = [{"niveau": h.level, "code": h.code, "nom": h.name, "population": h.population, "contexte": h.context,
             **({"correspondance": h.matched} if by_code else {})} for h in hits]
    if not rows and args.format == "tableau":
        print(f"Aucun territoire ne commence par « {args.texte} ».")
        return 1
    columns = [("niveau", "Niveau"), ("code", "Code"), ("nom", "Nom"), ("population", "Population"),
               ("contexte", "Contexte")]
    if by_code:
        columns.append(("correspondance", "Trouvé par"))
    emit(rows, args.format, columns)
    return 0


def cmd_territoire_montrer(args) -> int:
    setup_django()
    require_reference()
    from sante_locale.accounts.access import Operator
    from sante_locale.territories.describe import describe
    from sante_locale.territories.lookup import UnknownTerritory, resolve

    try:
        unit = resolve(args.code, Operator())
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
        emit(rows, "csv", [(k, k) for k in ("role", "niveau", "code", "nom", "population", "superficie_km2")])
        return 0
    print(f"{d['nom']} — {d['nature']} ({d['code']})")
    pop = fr(d["population"]) + " habitants" if d["population"] is not None else "non disponible"
    if d["population"] is not None and not d["population_complete"]:
        pop += " (partielle)"
    print(f"  Population municipale : {pop} — {d['source']}")
    if d["codes_postaux"]:
        label = "Code postal" if len(d["codes_postaux"]) == 1 else "Codes postaux"
        print(f"  {label} : {', '.join(d['codes_postaux'])}")
    print(f"  Superficie : {fr(d['superficie_km2'])} km² ; densité : {fr(d['densite_hab_km2'])} hab./km²")
    if d["rattachements"]:
        print("  Rattachements : " + " ; ".join(f"{r['nom']} ({r['code']})" for r in d["rattachements"]))
    if d["composition"]:
        print(f"\n  Composition ({len(d['composition'])}) :")
        emit(d["composition"], "tableau", [("code", "Code"), ("nom", "Nom"), ("population", "Population")])
    if d["voisins"]:
        print(f"\n  Voisins ({len(d['voisins'])}) : " + ", ".join(f"{r['nom']} ({r['code']})" for r in d["voisins"]))
    return 0


COMMANDS = {("territoire", "chercher"): cmd_territoire_chercher, ("territoire", "montrer"): cmd_territoire_montrer}
