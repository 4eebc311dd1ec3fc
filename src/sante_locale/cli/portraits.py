"""``portrait``: a territory's health portrait written as PDF, workbook, GIS layers or CSV."""

from __future__ import annotations

from sante_locale.cli.base import (
    CLIError,
    check_output,
    progress_printer,
    require_reference,
    setup_django,
    write_output,
)
from sante_locale.core.formats import fr_number


def add_parsers(sub) -> None:
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


def cmd_portrait(args) -> int:
    target = check_output(args.sortie)  # before any work: no portrait built for a file that cannot be written
    setup_django()
    require_reference()
    from sante_locale.accounts.access import Operator
    from sante_locale.portraits import service
    from sante_locale.territories.lookup import UnknownTerritory, resolve

    try:
        unit = resolve(args.code, Operator())
        peer = resolve(args.pair, Operator()) if args.pair is not None else None
    except UnknownTerritory as exc:
        raise CLIError(str(exc)) from exc
    path = service.export(unit, args.format, peer, progress=progress_printer("Portrait"))
    write_output(target, path.read_bytes())
    portrait = service.portrait_of(unit, peer)
    print(f"Portrait de {unit.name} écrit : {target} ({fr_number(target.stat().st_size / 1024)} Ko)")
    for line in portrait.highlights:
        print(f"  • {line}")
    return 0


COMMANDS = {("portrait",): cmd_portrait}
