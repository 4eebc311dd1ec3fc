"""The ``sante-locale`` command (entry point ``sante_locale.cli:main``), one module per command group."""

from sante_locale.cli.base import CLIError, FrenchParser
from sante_locale.cli.main import COMMANDS, build_parser, main

__all__ = ["COMMANDS", "CLIError", "FrenchParser", "build_parser", "main"]
