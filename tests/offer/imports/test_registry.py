"""One registry of import kinds, read by the CLI, the administrator form and the portrait sources."""

import argparse
import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile

from sante_locale.cli import build_parser
from sante_locale.offer.imports import KINDS, by_name, importable, source_label
from sante_locale.offer.models import SupplyImport
from sante_locale.www.forms_offer import ImportForm

SRC = Path(__file__).resolve().parents[3] / "src" / "sante_locale"


def _children(parser: argparse.ArgumentParser) -> dict:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


def test_cli_offers_exactly_the_registry_kinds_with_their_help():
    parser = build_parser()
    datasets = _children(_children(parser)["import"])
    assert list(datasets) == ["referentiel", *(k.cli_name for k in importable())]
    for kind in importable():
        sp = datasets[kind.cli_name]
        assert kind.cli_help in sp.description and kind.cli_example in sp.epilog


def test_form_offers_the_registry_kinds_and_their_file_types():
    form = ImportForm()
    assert form.fields["kind"].choices == [(k.cli_name, k.form_label) for k in importable()]
    for kind in importable():
        good = SimpleUploadedFile(f"fichier{kind.suffixes[0]}", b"x")
        assert ImportForm({"kind": kind.cli_name}, {"file": good}).is_valid(), kind.key
        bad = SimpleUploadedFile("fichier.exe", b"x")
        form = ImportForm({"kind": kind.cli_name}, {"file": bad})
        assert not form.is_valid() and ", ".join(kind.suffixes) in form.errors["file"][0]


def test_every_kind_has_a_reader_and_an_importer_and_english_keys():
    for kind in importable():
        assert callable(kind.reader) and callable(kind.importer), kind.key
        assert kind.key.isascii() and kind.key == kind.key.lower() and "-" not in kind.key
    assert len({k.key for k in KINDS}) == len(KINDS)
    assert by_name("insee") is by_name("population")


def test_the_registry_loads_without_django():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = ("import sys, sante_locale.offer.imports as i; print(len(i.importable())); "
            "print('django.db' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == [str(len(importable())), "False"]


@pytest.mark.django_db
def test_portrait_sources_name_each_stored_kind_from_the_registry():
    from sante_locale.portraits.gather import _sources
    from sante_locale.territories.citation import reference_citation

    for kind in KINDS:
        SupplyImport.objects.create(kind=kind.key, file_name="f.csv", vintage="2026")
    names = [s.name for s in _sources(None, None, reference_citation())]
    assert names[:2] == ["INSEE, Code officiel géographique", "INSEE, population municipale"]
    assert [source_label(k.key) for k in sorted(KINDS, key=lambda k: k.key)] == names[2:]
    assert source_label("population") == "INSEE, population par âge"


@pytest.mark.django_db
def test_stored_kinds_are_renamed_to_english_and_back():
    migration = importlib.import_module("sante_locale.offer.migrations.0003_english_import_kinds")
    for old in migration.RENAMED:
        SupplyImport.objects.create(kind=old, file_name=f"{old}.csv")
    migration._rename(migration.RENAMED)(django_apps, None)
    assert sorted(SupplyImport.objects.values_list("kind", flat=True)) == sorted(migration.RENAMED.values())
    assert all(by_name(k) for k in migration.RENAMED.values())
    migration._rename({v: k for k, v in migration.RENAMED.items()})(django_apps, None)
    assert sorted(SupplyImport.objects.values_list("kind", flat=True)) == sorted(migration.RENAMED)


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_ages_and_importers_form_no_circle_and_territories_stand_below_offer():
    ages = _imported_modules(SRC / "offer" / "ages.py")
    assert not any(m.startswith("sante_locale.offer.imports") for m in ages)
    for path in (SRC / "territories").rglob("*.py"):
        imported = _imported_modules(path)
        assert not any(m.startswith(("sante_locale.offer", "sante_locale.demo")) for m in imported), path
