"""The demo set-up, above the apps: reference, fictive supply, example territory, account."""

import pytest
from django.contrib.auth import get_user_model

from sante_locale import demo
from sante_locale.offer.models import Professional, SupplyImport
from sante_locale.territories.models import Territory

pytestmark = pytest.mark.django_db


def test_demo_seeds_supply_territory_and_account_once(tmp_path, monkeypatch):
    monkeypatch.setenv("SANTE_LOCALE_HOME", str(tmp_path))
    summary = demo.prepare()
    territory = Territory.objects.get(name=demo.DEMO_TERRITORY)
    assert territory.communes.filter(insee_code="62498").exists()  # Lens, in the CA de Lens-Liévin
    assert territory.communes.filter(insee_code="62427").exists()  # Hénin-Beaumont, in the CA d'Hénin-Carvin
    assert Professional.objects.filter(fictive=True).exists() and SupplyImport.objects.get(kind="demo").fictive
    user = get_user_model().objects.get(username=summary.username)
    assert user.check_password(summary.password)
    assert summary.credentials_path.read_text() == f"{summary.username}:{summary.password}\n"
    assert any(line.startswith("Territoire d'exemple") and "créé" in line for line in summary.lines)

    again = demo.prepare()
    assert again.password == summary.password
    assert any("déjà présente" in line for line in again.lines)
    assert any("déjà présent." in line for line in again.lines)
    assert Territory.objects.filter(name=demo.DEMO_TERRITORY).count() == 1


def test_demo_password_is_random_private_hashed_and_logs_in(tmp_path, monkeypatch):
    from django.test import Client

    from sante_locale.demo.setup import _demo_account

    monkeypatch.setenv("SANTE_LOCALE_HOME", str(tmp_path))
    username, password, path = _demo_account()
    assert len(password) >= 12 and path.stat().st_mode & 0o777 == 0o600  # readable by its owner only
    user = get_user_model().objects.get(username=username)
    assert password not in user.password and user.check_password(password)
    stored = user.password
    assert _demo_account()[1] == password and get_user_model().objects.get(pk=user.pk).password == stored
    client = Client()
    response = client.post("/connexion/", {"username": username, "password": password, "next": "/mes-territoires/"})
    assert response.status_code == 302 and response["Location"] == "/mes-territoires/"
    monkeypatch.setenv("SANTE_LOCALE_HOME", str(tmp_path / "ailleurs"))  # another home: another password
    assert _demo_account()[1] != password
    assert not Client().login(username=username, password=password)
