"""``sante-locale temps-de-trajet``: the default model's car times for pairs of points.

Command logic only (no Django): the file is parsed and checked by
:mod:`sante_locale.core.access.pointpairs`, times come from
:class:`~sante_locale.core.access.roadtime.RoadTimeModel`. The whole file is checked and
the times computed before anything is written; the output file is written to a temporary
file then renamed, so a refused input never leaves a partial output.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from sante_locale.core.oserrors import reason

EXAMPLE = ("exemples :\n  sante-locale temps-de-trajet couples.csv\n"
           "  sante-locale temps-de-trajet couples.csv -o couples_minutes.csv")


def add_parser(sub) -> None:
    """Register the subcommand on the ``sante-locale`` subparsers."""
    cmd = sub.add_parser(
        "temps-de-trajet", help="temps de trajet en voiture estimés pour des couples de points",
        description="Lit un CSV avec les colonnes lon1, lat1, lon2, lat2 (degrés WGS84 ; séparateur « , » "
        "ou « ; » ; autres colonnes gardées) et écrit les mêmes lignes avec une colonne « minutes » : le "
        "temps en voiture estimé par le modèle de Santé Locale (calé sur le distancier Metric de l'Insee).",
        epilog=EXAMPLE)
    cmd.add_argument("fichier", metavar="FICHIER.csv", help="couples de points (lon1, lat1, lon2, lat2)")
    cmd.add_argument("-o", "--sortie", metavar="SORTIE.csv", help="fichier à écrire (défaut : écran)")


def run(args, error) -> int:
    """Run the command; ``error`` is the CLI's user-error class (exit code 2)."""
    from sante_locale.core.access.calibration import pair_km
    from sante_locale.core.access.pointpairs import format_with_minutes, parse_point_pairs
    from sante_locale.core.access.roadtime import RoadTimeModel
    from sante_locale.core.sources.errors import SourceError

    source = Path(args.fichier)
    target = Path(args.sortie) if args.sortie else None  # checked by the CLI before this runs
    try:
        data = source.read_bytes()
    except FileNotFoundError as exc:
        raise error(f"fichier {source} introuvable : vérifiez le chemin.") from exc
    except IsADirectoryError as exc:
        raise error(f"{source} est un dossier : donnez le chemin d'un fichier CSV.") from exc
    except OSError as exc:
        raise error(f"fichier {source} illisible ({reason(exc)}).") from exc
    try:
        pairs = parse_point_pairs(data, source.name)
    except SourceError as exc:
        raise error(str(exc)) from exc
    c = pairs.coords
    text = format_with_minutes(pairs, RoadTimeModel().minutes(pair_km(c[:, 0], c[:, 1], c[:, 2], c[:, 3])))
    if target is None:
        sys.stdout.write(text)
        return 0
    fd, tmp = tempfile.mkstemp(prefix=".temps-de-trajet-", suffix=".csv", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise error(f"impossible d'écrire {target} ({reason(exc)}).") from exc
    print(f"{len(pairs.rows)} temps de trajet écrits dans {target}")
    return 0
