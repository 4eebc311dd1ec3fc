"""The ``sante-locale apl`` subcommands (parsing and printing only; the app computes)."""

from __future__ import annotations

import json
from pathlib import Path

from sante_locale.core.access.parameters import AGE_CUTOFFS, PROFESSIONS
from sante_locale.core.formats import fr_number
from sante_locale.core.oserrors import reason

#: The run summary's English keys -> the French keys of the commands' JSON output.
SUMMARY_FR = {"apl_mean": "apl_moyenne", "population_under_threshold": "population_sous_2_5",
              "share_under_threshold": "part_sous_2_5", "communes_under_threshold": "communes_sous_2_5",
              "population_beyond": "population_au_dela", "supply": "offre", "before": "avant", "after": "apres",
              "change": "changement", "changes": "changements_offre", "departures": "departs",
              "by_age": "departs_par_age", "retire_age": "age_depart", "territory": "territoire", "around": "autour",
              "professionals": "professionnels", "fte": "etp", "new_centres": "nouveaux_centres",
              "fte_territory": "etp_territoire", "unknown_age_territory": "age_inconnu_territoire",
              "name": "nom"}


def french_summary(summary):
    """A run summary with the French keys users read in the JSON output."""
    if isinstance(summary, list):
        return [french_summary(v) for v in summary]
    if not isinstance(summary, dict):
        return summary
    return {SUMMARY_FR.get(k, k): french_summary(v) for k, v in summary.items()}

SUPPLY = {"activite": "activity", "effectifs": "headcount"}
DEMAND = {"standardisee": "standardised", "population": "population", "tranches": "age_bands"}
def table_columns(profession: str) -> list[tuple]:
    """The columns of ``apl calculer``'s table, numbers with the registry's decimals."""
    from sante_locale.core.indicators import apl_indicator, indicator

    return [("insee_code", "Code"), ("nom", "Commune"), ("population", "Population", 0),
            ("apl", "APL", apl_indicator(profession).decimals), ("classe", "Classe"),
            ("minutes_plus_proche", "Min. au plus proche", indicator("nearest_minutes").decimals),
            ("apl_drees", "APL DREES", indicator("apl").decimals)]


def add_parsers(sub, parser_class, add_format) -> None:
    apl = sub.add_parser("apl", help="accessibilité potentielle localisée (APL, méthode DREES)",
                         epilog="exemples :\n  sante-locale apl calculer --territoire epci:246200364\n"
                         "  sante-locale apl scenario --territoire epci:246200364 --nouveau-centre 62498:3")
    apl_sub = apl.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class)
    calc = apl_sub.add_parser(
        "calculer", help="calcule l'APL par commune (France entière, puis filtre sur le territoire)",
        description="Calcule l'APL (E2SFCA, paramètres DREES par défaut) pour toute la France et affiche les "
        "communes du territoire. Le résultat est gardé en base avec ses paramètres et ses sources.",
        epilog="exemples :\n  sante-locale apl calculer --territoire epci:246200364\n"
        "  sante-locale apl calculer --territoire 62 --age-max 65 --format csv -o apl.csv\n"
        "  sante-locale apl calculer --profession infirmier --territoire 62498 --format geojson -o apl.geojson")
    _common(calc)
    calc.add_argument("--format", choices=["tableau", "csv", "json", "geojson"], default="tableau",
                      help="présentation (défaut : tableau)")
    calc.add_argument("-o", "--sortie", help="écrire dans ce fichier plutôt qu'à l'écran")
    calc.add_argument("--distancier", help="table origine–destination (CSV ou Parquet : origin, destination, "
                      "minutes ; codes communes) à la place des temps estimés")
    scen = apl_sub.add_parser(
        "scenario", help="simule un changement d'offre : nouveau centre, départs, fermeture",
        epilog="exemples :\n  sante-locale apl scenario --territoire epci:246200364 --nouveau-centre 62498:3\n"
        "  sante-locale apl scenario --territoire epci:246200364 --retraite-age 65")
    _common(scen)
    scen.add_argument("--nouveau-centre", action="append", default=[], metavar="COMMUNE:ETP",
                      help="ouvre un centre de santé de ETP équivalents temps plein dans la commune (répétable)")
    scen.add_argument("--nouveau-centre-point", action="append", default=[], metavar="LON,LAT:ETP",
                      help="ouvre un centre de santé à ce point (degrés WGS84, ex. 2.83,50.43:3 ; répétable)")
    scen.add_argument("--retraite-age", type=int, metavar="ÂGE",
                      help="les professionnels de cet âge ou plus partent (âge atteint dans l'année ; "
                      "65 : les 65 ans ou plus)")
    scen.add_argument("--depart", action="append", default=[], metavar="RPPS",
                      help="ce professionnel part (identifiant RPPS ; répétable)")
    scen.add_argument("--fermeture", action="append", default=[], metavar="LIEU",
                      help="ferme ce lieu d'exercice (clé du lieu ; répétable)")
    add_format(scen)
    near = apl_sub.add_parser("plus-proche", help="temps d'accès au professionnel le plus proche",
                              epilog="exemple :\n  sante-locale apl plus-proche --territoire 62 --format csv")
    _common(near)
    add_format(near)


def _common(parser) -> None:
    parser.add_argument("--profession", choices=list(PROFESSIONS), default="medecin_generaliste",
                        help="profession (défaut : medecin_generaliste)")
    parser.add_argument("--territoire", help="code du territoire (62498, epci:246200364, 62, region:32…) ; "
                        "sans lui : France entière")
    parser.add_argument("--age-max", type=int, choices=list(AGE_CUTOFFS), help="exclut les professionnels plus âgés")
    parser.add_argument("--offre", choices=list(SUPPLY), help="activité plafonnée (défaut) ou effectifs")
    parser.add_argument("--demande", choices=list(DEMAND), help="population standardisée (défaut), brute, ou "
                        "par tranches d'âge")
    parser.add_argument("--zone", type=float, help="temps d'accès maximal en minutes (défaut : 20)")
    parser.add_argument("--bandes", help="bandes MINUTES:POIDS (défaut DREES : 10:1,15:0.667,20:0.333)")
    parser.add_argument("--millesime-poids", type=int, choices=[2022, 2023], help="poids d'âge DREES (défaut 2023)")


def _params(args):
    from sante_locale.accessibility.report import parameters_from, parse_bands

    bands = parse_bands(args.bandes) if args.bandes is not None else None
    return parameters_from(args.profession, args.age_max, SUPPLY.get(args.offre), DEMAND.get(args.demande),
                           args.zone, bands, args.millesime_poids)


def _unit(args, error):
    from sante_locale.accounts.access import Operator
    from sante_locale.territories.lookup import UnknownTerritory, resolve

    if args.territoire is None:  # given but empty: resolve says so
        return None
    try:
        return resolve(args.territoire, Operator())
    except UnknownTerritory as exc:
        raise error(str(exc)) from exc


def _territory_apl(args, error):
    from sante_locale.accessibility.inputs import InputError
    from sante_locale.accessibility.report import France, territory_apl

    try:
        params = _params(args)
        unit = _unit(args, error) or France()
        od_table = getattr(args, "distancier", None)
        if od_table is not None and not Path(od_table).is_file():
            raise error(f"Distancier introuvable : {od_table}. Vérifiez le chemin du fichier.")
        return unit, territory_apl(unit, params, od_table, record=True)
    except (InputError, ValueError) as exc:
        raise error(str(exc)) from exc


def _print_header(unit, result) -> None:
    s = result.summary
    fictive = " — DONNÉES FICTIVES" if result.fictive else ""
    print(f"APL {result.profession_plural} — {unit.name}{fictive}")
    print(f"  Unité : {result.unit} ; demande : {result.run.inputs.get('demande', '?')}")
    counts = result.run.summary.get("supply", {})
    if result.params.age_cutoff and counts:
        print(f"  Professionnels comptés : {result.params.age_cutoff} ans ou moins ; "
              f"{fr_number(counts.get('excluded_by_age', 0))} plus âgé(s) exclu(s), âge inconnu pour "
              f"{fr_number(counts.get('unknown_age', 0))} sur {fr_number(counts.get('professionals', 0))} (comptés)")
    figures = result.figures()
    if s.get("apl_mean") is not None:
        line = f"  APL moyenne (pondérée) : {figures['apl_mean']}"
        if figures["threshold"]:
            line += (f" ; population en commune sous-dense (APL inférieure à {figures['threshold']}) : "
                     f"{figures['population_under']} ({figures['share_under']})")
        print(line)
    if result.classes is not None and result.classes.caption:
        print(f"  Classes : {result.classes.caption}")


def run_calculer(args, error, emit) -> int:
    unit, result = _territory_apl(args, error)
    records = result.records()
    if args.format == "geojson":
        text = json.dumps(_geojson(result), ensure_ascii=False)
    elif args.format == "json":
        text = json.dumps({"territoire": unit.name, "parametres": result.run.parameters,
                           "entrees": result.run.inputs, "fictif": result.fictive, "resume": french_summary(result.summary),
                           "communes": records}, ensure_ascii=False, indent=2)
    else:
        text = None
    if text is not None:
        return _write(text, args.sortie, error)
    import io
    from contextlib import redirect_stdout

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        if args.format == "csv":
            emit(records, "csv", [(k, k) for k in ("insee_code", "nom", "population", "apl", "classe",
                                                   "hors_portee", "minutes_plus_proche", "apl_drees",
                                                   "apl_drees_moins_65")])
        else:  # the table, on screen or in the file of -o
            _print_header(unit, result)
            emit(records, "tableau", table_columns(result.params.profession))
    return _write(buffer.getvalue().rstrip("\n"), args.sortie, error)


def _write(text: str, path: str | None, error) -> int:
    """Print ``text``, or write it to ``path`` (checked by the CLI before the run) in one rename."""
    if not path:
        print(text)
        return 0
    from sante_locale.core.files import atomic_path

    try:
        with atomic_path(path) as temporary:
            temporary.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise error(f"Impossible d'écrire {path} ({reason(exc)}) : le calcul est "
                    "gardé en base, relancez la commande avec un autre fichier de sortie.") from None
    print(f"Écrit : {path}")
    return 0


def _geojson(result) -> dict:
    import shapely

    from sante_locale.territories.models import Commune

    shapes = {c.pk: c for c in Commune.objects.filter(pk__in=result.rows["pk"].tolist()).only("geometry")}
    features = []
    for record, pk in zip(result.records(), result.rows["pk"], strict=True):
        commune = shapes.get(pk)
        geometry = None
        if commune is not None and commune.geometry:
            geometry = shapely.geometry.mapping(shapely.simplify(commune.shape(), 0.0005, preserve_topology=True))
        features.append({"type": "Feature", "geometry": geometry, "properties": {**record,
                         "fictif": result.fictive}})
    return {"type": "FeatureCollection", "name": "apl", "features": features,
            "metadata": {"parametres": result.run.parameters, "entrees": result.run.inputs}}


def run_plus_proche(args, error, emit) -> int:
    unit, result = _territory_apl(args, error)
    records = [{"insee_code": r["insee_code"], "nom": r["nom"], "population": r["population"],
                "minutes": r["minutes_plus_proche"]} for r in result.records()]
    records.sort(key=lambda r: -(r["minutes"] if r["minutes"] is not None else 1e9))
    beyond = result.summary.get("population_beyond", {})
    if args.format == "json":
        print(json.dumps({"territoire": unit.name, "population_au_dela": beyond, "fictif": result.fictive,
                          "communes": records}, ensure_ascii=False, indent=2))
        return 0
    if args.format == "tableau":
        print(f"Temps d'accès au plus proche ({args.profession}) — {unit.name}"
              + (" — DONNÉES FICTIVES" if result.fictive else ""))
        for minutes, population in beyond.items():
            print(f"  Population à plus de {minutes} min : {fr_number(population)}")
    emit(records, args.format, [("insee_code", "Code"), ("nom", "Commune"), ("population", "Population", 0),
                                ("minutes", "Minutes", 0)])
    return 0


def run_scenario(args, error, emit) -> int:
    from sante_locale.accessibility.inputs import InputError
    from sante_locale.accessibility.report import demand_unit_ids
    from sante_locale.accessibility.scenario_input import (
        french_description,
        parse_new_centres,
        parse_points,
        retire_age,
        scenario_description,
    )

    unit = _unit(args, error)
    if unit is None:
        raise error("Un scénario porte sur un territoire : ajoutez --territoire CODE.")
    if not (args.nouveau_centre or args.nouveau_centre_point or args.retraite_age is not None or args.depart
            or args.fermeture):
        raise error("Scénario vide : ajoutez --nouveau-centre COMMUNE:ETP, --nouveau-centre-point LON,LAT:ETP, "
                    "--retraite-age ÂGE, --depart RPPS ou --fermeture LIEU.")
    from sante_locale.accessibility import engine
    from sante_locale.accessibility.report import scenario_display
    from sante_locale.core.indicators import apl_indicator, rounded_value

    try:
        retire_age(args.retraite_age)
        params = _params(args)
        ids = demand_unit_ids(unit)
        centres = parse_new_centres(args.nouveau_centre, ids)
        points = parse_points(args.nouveau_centre_point)
        description = scenario_description(
            args.territoire, new_centres=[(e.partition(":")[0].strip(), fte) for e, (_, fte) in
                                          zip(args.nouveau_centre, centres, strict=True)],
            new_points=points, retire_age=args.retraite_age, departures=args.depart, closures=args.fermeture)
        result = engine.scenario(params, ids, description, new_sites=centres, retire_age=args.retraite_age,
                                 close_sites=args.fermeture, retire_ids=args.depart, new_points=points)
    except (InputError, ValueError) as exc:
        raise error(str(exc)) from exc
    key = apl_indicator(params.profession).key
    display = scenario_display(result, params, maps=False)
    records = [{"insee_code": r["insee_code"], "nom": r["nom"], "population": r["population"],
                "apl_avant": rounded_value(key, r["avant"]), "apl_apres": rounded_value(key, r["apres"]),
                "difference": r["ecart"], "seuil": r["seuil"]} for r in display["rows"]]
    if args.format == "json":
        print(json.dumps({"territoire": unit.name, "scenario": french_description(result.run.scenario),
                          "resume": french_summary(result.summary), "recit": dict(display["story"]),
                          "fictif": result.run.fictive, "communes": records}, ensure_ascii=False, indent=2))
        return 0
    if args.format == "tableau":
        print(f"Scénario — {unit.name}" + (" — DONNÉES FICTIVES" if result.run.fictive else ""))
        for label, text in display["story"]:
            print(f"  {label} : {text}")
        print(f"  (APL en {display['apl_unit']})")
        rows = [{**r, "difference": r["difference_texte"], "avant": r["avant_texte"], "apres": r["apres_texte"]}
                for r in display["rows"]]
    else:
        rows = records
    columns = [("insee_code", "Code"), ("nom", "Commune"), ("avant" if args.format == "tableau" else "apl_avant",
                                                             "Avant"),
               ("apres" if args.format == "tableau" else "apl_apres", "Après"), ("difference", "Écart")]
    if display["threshold"]:
        columns.append(("seuil", f"Sous-densité (seuil {display['threshold']})"))
    emit(rows, args.format, columns)
    return 0
