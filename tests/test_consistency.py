"""Meta-tests: settings and commands are documented, models are named in French."""

from pathlib import Path

import pytest
from django.apps import apps
from parser_tree import leaf_commands

from sante_locale.config.env import SETTINGS

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting):
    assert f"`{setting.name}`" in (ROOT / "docs" / "environnement.md").read_text()


@pytest.mark.parametrize("command", [c.name for c in leaf_commands()])
def test_every_command_is_documented(command):
    assert f"`{command}`" in (ROOT / "docs" / "cli.md").read_text()


def test_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "sante-locale demo" in readme and "./scripts/test" in readme
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text()


def _project_apps():
    return [app for app in apps.get_app_configs() if app.name.startswith("sante_locale.")]


def test_every_app_of_the_package_is_installed():
    """A new app under src/sante_locale/ is in the registry, so the meta-tests below see it."""
    package = ROOT / "src" / "sante_locale"
    on_disk = {f"sante_locale.{p.parent.name}" for p in package.glob("*/apps.py")}
    assert on_disk and on_disk <= {app.name for app in _project_apps()}


def _lowercase_french(name) -> bool:
    """« millésime », « code INSEE », « EPCI », « APL aux moins de 65 ans »: lowercase or an acronym."""
    name = str(name)
    return name[:1] == name[:1].lower() or name.split()[0].isupper()


@pytest.mark.parametrize("app", _project_apps(), ids=lambda a: a.label)
def test_app_and_model_names_are_lowercase_french(app):
    assert app.verbose_name != app.label.title(), f"{app.name}: verbose_name missing from its AppConfig"
    assert _lowercase_french(app.verbose_name), app.name
    for model in app.get_models():
        meta = model._meta
        for option in ("verbose_name", "verbose_name_plural"):
            assert option in meta.original_attrs, f"{model.__name__}.Meta.{option} missing (else English)"
            assert _lowercase_french(getattr(meta, option)), f"{model.__name__}.{option}"
        for field in meta.get_fields():
            name = getattr(field, "verbose_name", None)
            if name is None or field.auto_created:
                continue
            # Django's default is the attribute name: English as soon as it has two words
            assert not ("_" in field.name and name == field.name.replace("_", " ")), (
                f"{model.__name__}.{field.name}: no French verbose_name")
            assert _lowercase_french(name), f"{model.__name__}.{field.name}"
