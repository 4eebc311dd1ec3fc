"""The import direction of the house: ``www`` / ``cli`` → Django apps → ``core``.

- ``core`` imports no Django (nor a Django add-on) and nothing of the project outside ``core``;
- a Django app (every other sub-package, present or future, except ``config``) never imports
  ``www`` or ``cli``;
- ``www`` and ``cli`` may import the apps and ``core``, not each other;
- ``config`` (settings and URL wiring) is read by all and names ``www`` only in strings.

Every module is parsed with :mod:`ast`, imports inside functions included (a lazy import is
still a dependency); relative imports are resolved against their package.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "sante_locale"
ENTRY_POINTS = {"www", "cli"}
WIRING = {"config"}
DJANGO_ROOTS = ("django", "dj_database_url", "whitenoise", "pytest_django", "factory")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    line: int
    target: str  # the imported module, dotted and absolute


def _module_name(path: Path, package: Path) -> str:
    parts = [package.name, *path.relative_to(package).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(package: Path) -> list[Import]:
    """Every import statement of every module under ``package`` (a directory)."""
    found = []
    for path in sorted(package.rglob("*.py")):
        module = _module_name(path, package)
        base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                found += [Import(module, node.lineno, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    anchor = base[: len(base) - node.level + 1]
                    target = ".".join([*anchor, node.module] if node.module else anchor)
                else:
                    target = node.module
                found.append(Import(module, node.lineno, target))
                # `from sante_locale import www` imports the sub-package itself
                if target == package.name:
                    found += [Import(module, node.lineno, f"{target}.{a.name}") for a in node.names]
    return found


def layer(module: str) -> str | None:
    """``core``, ``www``, ``cli``, ``config``, or the app's name; None for the package root."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def violations(package: Path) -> list[str]:
    """The imports of ``package`` that go against the direction described above."""
    name = package.name
    bad = []
    for imp in imports_of(package):
        source, root = layer(imp.module), imp.target.split(".")[0]
        target = layer(imp.target) if root == name else None
        where = f"{imp.module}:{imp.line} importe {imp.target}"
        if source == "core":
            if root in DJANGO_ROOTS:
                bad.append(f"{where} (core n'importe pas Django)")
            elif root == name and target != "core":
                bad.append(f"{where} (core n'importe que core)")
        elif source in ENTRY_POINTS:
            if target in ENTRY_POINTS and target != source:
                bad.append(f"{where} ({source} n'importe pas {target})")
        elif source is not None and source not in WIRING:  # a Django app
            if target in ENTRY_POINTS:
                bad.append(f"{where} (une application n'importe ni www ni cli)")
    return bad


def test_the_import_direction_holds_for_every_module():
    assert violations(PACKAGE) == []


def test_every_layer_is_seen():
    """The walk reaches core, both entry points and every installed app of the package."""
    from django.apps import apps

    layers = {layer(i.module) for i in imports_of(PACKAGE)}
    installed = {a.name.split(".")[1] for a in apps.get_app_configs() if a.name.startswith("sante_locale.")}
    assert {"core", "www", "cli", "config"} | installed <= layers


# --- the checker itself finds what it must (a throw-away package on disk) --------------


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "sante_locale"
    for relative, text in {"__init__.py": "", **files}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.mark.parametrize(("files", "expected"), [
    ({"core/__init__.py": "", "core/geo.py": "import django.db\n"}, "core n'importe pas Django"),
    ({"core/__init__.py": "", "core/geo.py": "def f():\n    from django.conf import settings\n"},
     "core n'importe pas Django"),
    ({"core/__init__.py": "", "core/geo.py": "from sante_locale.offer.models import Site\n"},
     "core n'importe que core"),
    ({"core/__init__.py": "", "core/sub/__init__.py": "", "core/sub/x.py": "from ...offer import models\n"},
     "core n'importe que core"),
    ({"offer/__init__.py": "", "offer/models.py": "from sante_locale.www.forms import F\n"},
     "une application n'importe ni www ni cli"),
    ({"futureapp/__init__.py": "", "futureapp/views.py": "from ..cli import main\n"},
     "une application n'importe ni www ni cli"),
    ({"offer/__init__.py": "", "offer/x.py": "from sante_locale import www\n"},
     "une application n'importe ni www ni cli"),
    ({"www/__init__.py": "", "www/views.py": "import sante_locale.cli.main\n"}, "www n'importe pas cli"),
])
def test_the_checker_sees_a_wrong_import(tmp_path, files, expected):
    found = violations(_package(tmp_path, files))
    assert len(found) == 1 and expected in found[0]


def test_the_checker_lets_the_allowed_directions_pass(tmp_path):
    files = {
        "core/__init__.py": "", "core/geo.py": "import numpy\nfrom sante_locale.core import clock\n",
        "core/clock.py": "import datetime\n",
        "offer/__init__.py": "", "offer/models.py": "from django.db import models\nfrom ..core import geo\n",
        "territories/__init__.py": "", "territories/x.py": "from sante_locale.offer.models import M\n",
        "www/__init__.py": "", "www/views.py": "from sante_locale.offer import models\nfrom sante_locale.core import geo\n",
        "cli/__init__.py": "", "cli/main.py": "from sante_locale.territories import x\nfrom . import main\n",
        "config/__init__.py": "", "config/env.py": "from django.conf import settings\n",
    }
    assert violations(_package(tmp_path, files)) == []
