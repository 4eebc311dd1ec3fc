"""``temps-de-trajet``: model car times for a CSV of point pairs (defined by the accessibility app)."""

from __future__ import annotations

from sante_locale.cli.base import CLIError, check_input, check_output


def add_parsers(sub) -> None:
    from sante_locale.accessibility import traveltime_command

    traveltime_command.add_parser(sub)


def _run(args) -> int:
    from sante_locale.accessibility import traveltime_command

    check_output(args.sortie)
    check_input(args.fichier)
    return traveltime_command.run(args, CLIError)


COMMANDS = {("temps-de-trajet",): _run}
