"""Every command of the real parser, run with bad arguments: a French error and exit code 2.

The commands come from the argparse tree itself (:mod:`parser_tree`), and the bad values from
each argument of each command (its name, type and choices): unknown territory codes,
missing, empty, binary, UTF-16 or folder "files", impossible output paths, out-of-range or
non-finite numbers, unknown choices, unknown options. A command or an argument that this
test does not know makes it fail, so a new one comes here with its bad values.

For each bad call: exit code 2, a message « Erreur : … », no « Erreur inattendue », no
traceback, the row count of every table as before, and no output file written; after all the
bad calls of a command, every row of every table is as before (full digest). ``demo`` and ``serve`` must refuse before
any work: reaching the preparation or the server fails the call.
"""

from __future__ import annotations

import argparse
import os
import random
from pathlib import Path

import pytest
from parser_tree import leaf_commands

from sante_locale.cli import main
from sante_locale.core.formats import plain

pytestmark = pytest.mark.django_db

#: A valid call of each command, as (positional values, options): each bad call replaces or
#: adds one argument. They are never run as they are.
BASE = {
    "demo": ({}, {}),
    "serve": ({}, {}),
    "import referentiel": ({}, {"--departements": "62"}),
    **{f"import {kind}": ({"fichier": "{good}"}, {})
       for kind in ("rpps", "finess", "insee", "apl-drees", "zonage", "qpv", "ages")},
    "territoire chercher": ({"texte": "lens"}, {}),
    "territoire montrer": ({"code": "62498"}, {}),
    "portrait": ({"code": "62498"}, {"-o": "{out}/portrait.pdf"}),
    "apl calculer": ({}, {"--territoire": "62498"}),
    "apl scenario": ({}, {"--territoire": "epci:246200364", "--nouveau-centre": "62854:3"}),
    "apl plus-proche": ({}, {"--territoire": "62498"}),
    "temps-de-trajet": ({"fichier": "{good}"}, {"-o": "{out}/minutes.csv"}),
    "version": ({}, {}),
    "dispositif lister": ({}, {"--territoire": "epci:246200364"}),
    "dispositif montrer": ({"id": "{dispositif}"}, {}),
    "dispositif exporter": ({"id": "{dispositif}"}, {"--format": "json", "-o": "{out}/dispositif.json"}),
    "articulation": ({"territoire": "epci:246200364"}, {}),
    "programme exporter": ({"dispositif": "{dispositif}", "fichier": "{out}/programme.xlsx"}, {}),
    "programme importer": ({"dispositif": "{dispositif}", "fichier": "{good}"}, {}),
    "bilan": ({"dispositif": "{dispositif}"}, {"--annee": "2025", "-o": "{out}/bilan.docx"}),
    "api jeton": ({"identifiant": "{user}", "nom": "tableau de bord"}, {}),
    "annuaire importer": ({"fichier": "{good}"}, {}),
    "annuaire exporter": ({"fichier": "{out}/annuaire.json"}, {}),
    "annuaire chercher": ({"texte": "lens"}, {}),
    "annuaire rappels": ({}, {}),
    "sauvegarder": ({"fichier": "{out}/sauvegarde.sqlite3"}, {}),
    "restaurer": ({"fichier": "{good}"}, {"--oui": None}),
    "debloquer": ({"identifiant": "{user}"}, {}),
}
#: Commands whose positional ``fichier`` is written, not read.
WRITES_FICHIER = {"programme exporter", "annuaire exporter", "sauvegarder"}
#: The account and the dispositif the valid calls name.
USER = "operatrice"
#: Bits of Python's or a library's own (English) messages: a user must read French only.
ENGLISH = ("[Errno", "codec can't", "No columns to parse", "Expecting value", "is not supported", "has no attribute",
           "invalid literal", "could not convert", "Error tokenizing", "File is not a zip file", "Cannot assign",
           "Permission denied", "No such file", "Is a directory")
NUMBERS = ["-5", "0", "-0.5", "1e9", "99999999999999999999", "nan", "inf", "-inf", "abc", ""]
CODES = ["99999", "epci:000000000", "region:99", "departement:00", "niveau:1", "epci:", "", " ", "x" * 10_000]
BY_DEST = {
    "texte": ["", " ", "x" * 10_000],
    "departements": ["999", "62,abc", ",", ""],
    "host": ["hôte.invalide", "999.999.999.999", "8.8.8.8", ""],
    "bandes": ["dix", "15:1,10:0.5", "10:nan", "10:1,10:1", ":", "10:-1", ""],
    "nouveau_centre": ["99999:3", "59350:2", "62854:-1", "62854:nan", "62854:1e9", "62854", ":", ""],
    "nouveau_centre_point": ["nan,nan:3", "200,50:3", "2.8,50.4:inf", "2.8:3", "x", ""],
    "depart": ["00000000000", ""],
    "fermeture": ["lieu-inconnu", ""],
    "code": CODES,
    "territoire": CODES,
    "pair": CODES,
    "dispositif": ["99999", "0", "-1", "abc", "", " ", "x" * 10_000],
    "identifiant": ["compte-inconnu", "", " ", "x" * 10_000],
    "utilisateur": ["compte-inconnu", "", " "],
    "nom": ["", " ", "x" * 10_000],
    "theme": ["inconnu", "x" * 10_000],
    "public": ["inconnu", "x" * 10_000],
    "ip": ["999.1.1.1", "abc", ""],
}


def _files(folder: Path) -> list[str]:
    """Paths that are not a readable file of data."""
    folder.mkdir(exist_ok=True)
    empty = folder / "vide.csv"
    empty.write_bytes(b"")
    blank = folder / "blanc.csv"
    blank.write_text("\n \n")
    noise = folder / "octets.csv"
    noise.write_bytes(random.Random(12).randbytes(5000))
    workbook = folder / "octets.xlsx"
    workbook.write_bytes(random.Random(13).randbytes(5000))
    header = folder / "entete.csv"
    header.write_text("lon1;lat1;lon2;lat2\n")
    utf16 = folder / "utf16.csv"
    utf16.write_bytes("lon1;lat1;lon2;lat2\n2.8;50.4;2.9;50.5\n".encode("utf-16"))
    paths = [str(folder / "absent.csv"), str(folder), str(empty), str(blank), str(noise), str(workbook),
             str(header), str(utf16), ""]
    if os.geteuid() != 0:  # root reads everything
        locked = folder / "illisible.csv"
        locked.write_text("a;b\n1;2\n")
        locked.chmod(0)
        paths.append(str(locked))
    return paths


def _outputs(folder: Path) -> list[str]:
    """Output paths that cannot be written."""
    blocker = folder / "un-fichier"
    blocker.write_text("pas un dossier")
    return [str(folder / "absent" / "sortie.csv"), str(folder), str(blocker / "sortie.csv"),
            str(folder / ("x" * 300 + ".csv")), "", "/proc/sortie.csv"]


#: Bad values of one command's argument, where they differ from the others' (an unknown
#: login is a fine thing to unblock: attempts are recorded by the name typed).
BY_COMMAND = {("debloquer", "identifiant"): ["", " ", "x" * 10_000]}


def _bad_values(command: str, action: argparse.Action, tmp_path: Path) -> list[str]:
    if isinstance(action, argparse._StoreTrueAction):
        return []
    if (command, action.dest) in BY_COMMAND:
        return BY_COMMAND[command, action.dest]
    if action.dest == "fichier" and command in WRITES_FICHIER:
        return _outputs(tmp_path)
    if action.dest in ("fichier", "distancier"):
        return _files(tmp_path / "entrees")
    if action.dest == "sortie":
        return _outputs(tmp_path)
    if action.dest in BY_DEST:
        return BY_DEST[action.dest]
    if action.choices:
        return ["inconnu", ""]
    if action.type is not None:  # numbers
        return NUMBERS
    raise AssertionError(f"« {command} » : aucune valeur incorrecte connue pour {action.dest}, ajoutez-en")


def _argv(command, base, override: tuple[argparse.Action, str] | None, tmp_path, dispositif="1") -> list[str]:
    positionals, options = dict(base[0]), dict(base[1])
    argv = list(command.words)
    good = tmp_path / "bon.csv"
    good.write_text("lon1;lat1;lon2;lat2\n2.8;50.4;2.9;50.5\n")
    for action in command.parser._actions:
        if action.option_strings or action.dest == "help":
            continue
        value = override[1] if override and override[0] is action else positionals[action.dest]
        argv.append(value)
    if override and override[0].option_strings:
        option = override[0].option_strings[0]
        if option == "--sortie":
            option = "-o"
        options[option] = override[1]
    for option, value in options.items():
        argv += [option] if value is None else [option, value]
    return [a.replace("{good}", str(good)).replace("{out}", str(tmp_path / "sorties"))
            .replace("{dispositif}", dispositif).replace("{user}", USER) for a in argv]


def _calls(command, tmp_path, dispositif="1"):
    """(label, argv) of every bad call of ``command``."""
    base = BASE[command.name]
    yield "option inconnue", [*_argv(command, base, None, tmp_path, dispositif), "--option-inconnue"]
    yield "argument en trop", [*_argv(command, base, None, tmp_path, dispositif), "argument-en-trop"]
    for action in command.parser._actions:
        if action.dest == "help":
            continue
        for value in _bad_values(command.name, action, tmp_path):
            label = f"{'/'.join(action.option_strings) or action.dest} = {value[:60]!r}"
            yield label, _argv(command, base, (action, value), tmp_path, dispositif)


def test_every_command_has_a_valid_call_here():
    assert sorted(BASE) == sorted(c.name for c in leaf_commands())


@pytest.fixture
def refuse_work(monkeypatch):
    """``demo`` and ``serve`` must refuse a bad argument before preparing or serving anything."""
    def reached(*args, **kwargs):
        raise AssertionError("travail commencé malgré un argument incorrect")

    import waitress

    from sante_locale import demo

    monkeypatch.setattr(demo, "prepare", reached)
    monkeypatch.setattr(waitress, "serve", reached)


@pytest.mark.parametrize("command", leaf_commands(), ids=lambda c: c.name)
def test_bad_arguments_get_a_french_error_and_exit_code_2(command, tmp_path, capsys, db_state, tables_changed,
                                                          refuse_work):
    if command.words[0] == "apl":
        from sante_locale.offer.imports.demo_supply import prepare_demo_supply

        prepare_demo_supply()  # with a supply, only the bad argument can make the command fail
    from sante_locale.accounts.factories import UserFactory
    from sante_locale.coordination.factories import DispositifFactory

    UserFactory(username=USER)  # the valid calls name a real account and a real dispositif
    dispositif = str(DispositifFactory().pk)
    outputs = tmp_path / "sorties"
    outputs.mkdir()
    failures = []
    calls = list(_calls(command, tmp_path, dispositif))
    assert len(calls) >= 2
    start = db_state()
    for label, argv in calls:
        before = _row_counts()
        capsys.readouterr()
        try:
            code = main(argv)
        except SystemExit as exc:  # the parser refuses
            code = exc.code
        out, err = (plain(s) for s in capsys.readouterr())
        problems = []
        if code != 2:
            problems.append(f"code de sortie {code}")
        if "Erreur inattendue" in err or "Traceback" in err + out:
            problems.append("erreur inattendue")
        if "Erreur" not in err:
            problems.append("pas de message « Erreur »")
        if english := [e for e in ENGLISH if e in err]:
            problems.append(f"message en anglais : {english}")
        if changed := tables_changed(before, _row_counts()):
            problems.append(f"tables modifiées : {changed}")
        if written := sorted(p.name for p in outputs.iterdir()):
            problems.append(f"fichiers écrits : {written}")
        if problems:
            failures.append(f"{label} : {', '.join(problems)}\n    {' '.join(a[:60] for a in argv)}\n    "
                            f"{err.strip()[-300:]}")
    assert not failures, f"{len(failures)} appel(s) sur {len(calls)} mal refusé(s) :\n" + "\n".join(failures)
    assert tables_changed(start, db_state()) == []  # not a row written, updated or deleted by all of them


def _row_counts() -> dict[str, int]:
    """Rows of every table: cheap enough for each call (the full digest is compared once)."""
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts
