"""Output paths checked before any work; départements, ports and hosts checked before any work."""

import socket

import pytest

from sante_locale.accessibility.models import APLRun
from sante_locale.cli import main
from sante_locale.core.formats import plain
from sante_locale.territories.models import Commune, ReferenceVintage

pytestmark = pytest.mark.django_db


def _run(argv, capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    out, err = (plain(s) for s in capsys.readouterr())
    assert "Erreur inattendue" not in err and "Traceback" not in err
    return code, out, err


@pytest.fixture
def demo_supply(db):
    from sante_locale.offer.imports.demo_supply import prepare_demo_supply

    prepare_demo_supply()


@pytest.fixture
def portrait_cache():
    from sante_locale.portraits import service

    folder = service.cache_dir()
    return lambda: sorted(p.name for p in folder.iterdir())


def test_apl_to_an_impossible_path_stores_no_run(demo_supply, capsys):
    code, _, err = _run(["apl", "calculer", "--territoire", "62498", "--format", "csv", "-o",
                         "/chemin/impossible.csv"], capsys)
    assert code == 2
    assert err.strip() == ("Erreur : Le dossier /chemin n'existe pas : créez-le ou choisissez un autre fichier de "
                           "sortie que /chemin/impossible.csv.")
    assert not APLRun.objects.exists()


def test_portrait_to_an_impossible_path_builds_nothing(tmp_path, capsys, portrait_cache):
    before = portrait_cache()
    blocker = tmp_path / "un-fichier"
    blocker.write_text("pas un dossier")
    code, _, err = _run(["portrait", "62498", "--format", "pdf", "-o", str(blocker / "lens.pdf")], capsys)
    assert code == 2
    assert f"Erreur : {blocker} n'est pas un dossier : choisissez un autre fichier de sortie" in err
    assert portrait_cache() == before  # no portrait built nor cached for nothing


def test_an_output_name_too_long_is_refused_in_french(demo_supply, tmp_path, capsys):
    code, _, err = _run(["apl", "calculer", "--territoire", "62498", "-o", str(tmp_path / ("x" * 300 + ".csv"))],
                        capsys)
    assert code == 2
    assert "(nom de fichier trop long) : choisissez un dossier où vous pouvez écrire" in err
    assert not APLRun.objects.exists()


def test_a_folder_as_output_is_refused(tmp_path, capsys):
    pairs = tmp_path / "couples.csv"
    pairs.write_text("lon1,lat1,lon2,lat2\n2.83,50.43,2.78,50.42\n")
    code, _, err = _run(["temps-de-trajet", str(pairs), "-o", str(tmp_path)], capsys)
    assert code == 2
    assert f"La sortie {tmp_path} est un dossier : donnez un nom de fichier" in err


def test_apl_table_goes_to_the_output_file(demo_supply, tmp_path, capsys):
    target = tmp_path / "apl.txt"
    code, out, _ = _run(["apl", "calculer", "--territoire", "62498", "-o", str(target)], capsys)
    assert code == 0 and out.strip() == f"Écrit : {target}"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("APL médecins généralistes — Lens — DONNÉES FICTIVES") and "Lens" in text
    assert [p.name for p in tmp_path.iterdir()] == ["apl.txt"]  # no temporary file left


def test_an_existing_output_is_replaced_whole(tmp_path, capsys, portrait_cache):
    target = tmp_path / "lens.csv"
    target.write_text("ancien contenu\n")
    code, out, _ = _run(["portrait", "62498", "--format", "csv", "-o", str(target)], capsys)
    assert code == 0 and f"écrit : {target}" in out
    assert "ancien contenu" not in target.read_text(encoding="utf-8-sig")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lens.csv"]


@pytest.mark.parametrize(("departements", "message"), [
    ("999", "Département(s) inconnu(s) : 999. Codes attendus : 01 à 95, 2A, 2B, 971 à 976"),
    ("62,abc", "Département(s) inconnu(s) : ABC."),
    (",", "--departements vide : donnez des codes de départements séparés par des virgules"),
])
def test_unknown_departements_are_refused_before_any_import(capsys, departements, message):
    before = Commune.objects.count(), ReferenceVintage.objects.get().imported_at
    code, _, err = _run(["import", "referentiel", "--departements", departements], capsys)
    assert code == 2 and message in err
    assert (Commune.objects.count(), ReferenceVintage.objects.get().imported_at) == before


@pytest.mark.parametrize("port", ["0", "70000", "-1", "huit"])
def test_a_port_out_of_range_is_refused_by_the_parser(capsys, port):
    code, _, err = _run(["demo", "--no-serve", "--port", port], capsys)
    assert code == 2
    assert "Erreur : argument --port: port : " in err and ("hors des bornes (entre 1 et 65535)" in err
                                                           or "n'est pas un nombre entier" in err)


@pytest.mark.parametrize(("host", "message"), [
    ("hôte.invalide", "Adresse d'écoute « hôte.invalide » inconnue"),
    ("192.0.2.1", "Impossible d'écouter sur 192.0.2.1:"),  # TEST-NET-1: never an address of this machine
])
def test_a_host_the_server_cannot_listen_on_is_refused_before_any_work(monkeypatch, capsys, host, message):
    from sante_locale import demo

    def prepare(*args, **kwargs):
        raise AssertionError("the demo was prepared despite a bad --host")

    monkeypatch.setattr(demo, "prepare", prepare)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, _, err = _run(["demo", "--host", host, "--port", str(port)], capsys)
    assert code == 2 and message in err


@pytest.mark.parametrize("limit", ["0", "-5", "100000"])
def test_search_limit_is_bounded(capsys, limit):
    code, _, err = _run(["territoire", "chercher", "lens", "--limite", limit], capsys)
    assert code == 2 and "limite" in err and ("hors des bornes (entre 1 et 1000)" in err)
