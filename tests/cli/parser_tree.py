"""Walk the real argparse tree of the ``sante-locale`` command (a helper for tests).

Importable by name from any test (``tests/cli`` is on pytest's ``pythonpath``)::

    from parser_tree import commands, leaf_commands, documented_commands

The parser comes from the public builder, :func:`sante_locale.cli.build_parser`, so a
command registered anywhere (a module of the ``cli`` package, an app's ``add_parsers``)
is seen here without any list to keep up to date.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI_DOC = ROOT / "docs" / "cli.md"


@dataclass(frozen=True)
class Command:
    """One node of the tree: ``words`` after ``sante-locale`` (``("import", "rpps")``)."""

    words: tuple[str, ...]
    parser: argparse.ArgumentParser
    help: str | None  # the one-line help shown in the parent's list of commands
    children: tuple[str, ...]  # names of its sub-commands (empty for a leaf)

    @property
    def name(self) -> str:
        return " ".join(self.words)

    @property
    def is_leaf(self) -> bool:
        return not self.children


def build() -> argparse.ArgumentParser:
    """The real parser, from the public builder of the ``cli`` module or package."""
    from sante_locale.cli import build_parser

    return build_parser()


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse._SubParsersAction]:
    return [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]


def _walk(parser: argparse.ArgumentParser, words: tuple[str, ...], help_text: str | None,
          seen: set[int]) -> Iterator[Command]:
    children: list[tuple[str, argparse.ArgumentParser, str | None]] = []
    for action in _subparsers(parser):
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        for name, child in action.choices.items():
            if id(child) in seen:  # an alias of a command already listed
                continue
            seen.add(id(child))
            children.append((name, child, helps.get(name)))
    if words:
        yield Command(words, parser, help_text, tuple(name for name, _, _ in children))
    for name, child, child_help in children:
        yield from _walk(child, (*words, name), child_help, seen)


def commands(parser: argparse.ArgumentParser | None = None) -> list[Command]:
    """Every command and command group under ``sante-locale``, depth first."""
    return list(_walk(parser or build(), (), None, set()))


def leaf_commands(parser: argparse.ArgumentParser | None = None) -> list[Command]:
    """The commands a user runs (``demo``, ``import rpps``…), not their groups (``import``)."""
    return [c for c in commands(parser) if c.is_leaf]


def documented_commands(path: Path = CLI_DOC) -> list[str]:
    """Commands of the table of ``docs/cli.md``: first cell of each row, in backquotes."""
    rows = re.findall(r"^\|\s*`([^`]+)`\s*\|", path.read_text(encoding="utf-8"), re.M)
    return rows
