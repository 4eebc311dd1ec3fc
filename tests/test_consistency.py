"""Meta-tests: settings and commands are documented, models are named in French."""

from pathlib import Path

import pytest
from django.apps import apps

from sante_locale.config.env import SETTINGS

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting):
    assert f"`{setting.name}`" in (ROOT / "docs" / "environnement.md").read_text()


@pytest.mark.parametrize("command", ["demo", "serve", "import referentiel", "territoire chercher",
                                     "territoire montrer", "version", "import rpps", "import finess",
                                     "import insee", "import apl-drees", "import zonage", "import qpv",
                                     "apl calculer", "apl scenario", "apl plus-proche", "portrait",
                                     "import ages", "temps-de-trajet"])
def test_every_command_is_documented(command):
    assert f"`{command}`" in (ROOT / "docs" / "cli.md").read_text()


def test_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "sante-locale demo" in readme and "./scripts/test" in readme
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text()


def test_model_names_are_lowercase_french():
    models = [*apps.get_app_config("territories").get_models(), *apps.get_app_config("offer").get_models()]
    for model in models:
        assert model._meta.verbose_name == model._meta.verbose_name.lower() or model._meta.verbose_name.isupper()
        for field in model._meta.get_fields():
            name = getattr(field, "verbose_name", None)
            if name and not field.auto_created:
                assert name[0] == name[0].lower() or name.split()[0].isupper(), f"{model.__name__}.{field.name}"
