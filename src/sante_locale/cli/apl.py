"""``apl``: the accessibility commands, defined by the accessibility app (its parsers and runs)."""

from __future__ import annotations

from sante_locale.cli.base import (
    CLIError,
    FrenchParser,
    add_format,
    check_input,
    check_output,
    emit,
    require_reference,
    setup_django,
)


def add_parsers(sub) -> None:
    from sante_locale.accessibility.commands import add_parsers as add_apl_parsers

    add_apl_parsers(sub, FrenchParser, add_format)


def _run(args, name: str) -> int:
    check_output(getattr(args, "sortie", None))  # before any work: nothing computed or stored for nothing
    if getattr(args, "distancier", None) is not None:
        check_input(args.distancier, "distancier")
    setup_django()
    require_reference()
    from sante_locale.accessibility import commands

    return getattr(commands, name)(args, CLIError, emit)


COMMANDS = {
    ("apl", "calculer"): lambda args: _run(args, "run_calculer"),
    ("apl", "scenario"): lambda args: _run(args, "run_scenario"),
    ("apl", "plus-proche"): lambda args: _run(args, "run_plus_proche"),
}
