"""`sante-locale temps-de-trajet`: times for any pairs of points, bad files refused."""

import numpy as np
import pytest

from sante_locale.cli import main
from sante_locale.core.access.calibration import pair_km
from sante_locale.core.access.roadtime import RoadTimeModel
from sante_locale.core.formats import plain

GOOD = "id,lon1,lat1,lon2,lat2,note\nA,-0.57,44.84,-0.60,44.80,x\nB,-0.57,44.84,-0.90,45.20,\"a,b\"\n"


def _write(tmp_path, text, name="couples.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_adds_minutes_of_the_default_model_keeping_columns_and_order(tmp_path, capsys):
    assert main(["temps-de-trajet", str(_write(tmp_path, GOOD))]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id,lon1,lat1,lon2,lat2,note,minutes"
    assert [line.split(",")[0] for line in lines[1:]] == ["A", "B"]
    assert lines[2].startswith('B,-0.57,44.84,-0.90,45.20,"a,b",')
    expected = RoadTimeModel().minutes(pair_km([-0.57, -0.57], [44.84, 44.84], [-0.60, -0.90], [44.80, 45.20]))
    got = [float(line.rsplit(",", 1)[1]) for line in lines[1:]]
    np.testing.assert_allclose(got, expected, atol=0.05)
    assert 5 < got[0] < 10 < 40 < got[1] < 60


def test_semicolon_file_keeps_its_separator_and_decimal_comma(tmp_path, capsys):
    path = _write(tmp_path, "lon1;lat1;lon2;lat2\n-0,57;44,84;-0,60;44,80\n")
    out = tmp_path / "sortie.csv"
    assert main(["temps-de-trajet", str(path), "-o", str(out)]) == 0
    assert "1 temps de trajet écrits" in capsys.readouterr().out
    header, row = out.read_text(encoding="utf-8").splitlines()
    assert header == "lon1;lat1;lon2;lat2;minutes"
    minutes = float(row.split(";")[-1].replace(",", "."))
    assert row.startswith("-0,57;44,84;-0,60;44,80;") and "," in row.split(";")[-1]
    assert minutes == pytest.approx(float(RoadTimeModel().minutes(pair_km(-0.57, 44.84, -0.60, 44.80))[0]), abs=0.05)


BAD = {
    "colonne absente": ("lon1,lat1,lon2\n1,2,3\n", "ligne 1, colonne « lat2 » : colonne absente"),
    "pas un nombre": ("lon1,lat1,lon2,lat2\n1,2,3,4\n1,abc,3,4\n", "ligne 3, colonne « lat1 » : valeur « abc »"),
    "valeur vide": ("lon1,lat1,lon2,lat2\n1,2,,4\n", "ligne 2, colonne « lon2 » : valeur vide"),
    "nan": ("lon1,lat1,lon2,lat2\n1,2,3,nan\n", "ligne 2, colonne « lat2 » : valeur « nan »"),
    "longitude hors limites": ("lon1,lat1,lon2,lat2\n1,2,3,4\n2,3,181,4\n", "ligne 3, colonne « lon2 » : longitude"),
    "Lambert-93 au lieu de WGS84": ("lon1,lat1,lon2,lat2\n650000,6860000,1,2\n", "ligne 2, colonne « lon1 »"),
    "latitude > 90": ("lon1,lat1,lon2,lat2\n1,95,1,2\n", "ligne 2, colonne « lat1 » : latitude 95"),
    "fichier vide": ("", "couples.csv : le fichier est vide"),
    "en-tête seul": ("lon1,lat1,lon2,lat2\n", "couples.csv : le fichier n'a qu'un en-tête"),
    "champs manquants": ("lon1,lat1,lon2,lat2\n1,2,3,4\n1,2,3\n", "ligne 3 : 3 champ(s) au lieu de 4"),
    "minutes déjà là": ("lon1,lat1,lon2,lat2,minutes\n1,2,3,4,5\n", "colonne « minutes » : la colonne existe déjà"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_is_refused_in_french_with_line_and_column_and_no_output(case, tmp_path, capsys):
    text, message = BAD[case]
    out = tmp_path / "sortie.csv"
    assert main(["temps-de-trajet", str(_write(tmp_path, text)), "-o", str(out)]) == 2
    captured = capsys.readouterr()
    captured_err = plain(captured.err)
    assert captured_err.startswith("Erreur : fichier couples.csv")
    assert message in captured_err and "Traceback" not in captured_err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["couples.csv"]


def test_a_refused_file_leaves_an_existing_output_untouched(tmp_path, capsys):
    out = tmp_path / "sortie.csv"
    out.write_text("ancien\n")
    assert main(["temps-de-trajet", str(_write(tmp_path, "lon1,lat1,lon2,lat2\n1,x,3,4\n")), "-o", str(out)]) == 2
    assert out.read_text() == "ancien\n"


def test_binary_file_missing_file_and_bad_output_folder(tmp_path, capsys):
    binary = tmp_path / "b.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    assert main(["temps-de-trajet", str(binary)]) == 2
    assert "Erreur : fichier b.csv" in plain(capsys.readouterr().err)
    assert main(["temps-de-trajet", str(tmp_path / "absent.csv")]) == 2
    assert "introuvable" in plain(capsys.readouterr().err)
    good = _write(tmp_path, GOOD)
    assert main(["temps-de-trajet", str(good), "-o", str(tmp_path / "nope" / "x.csv")]) == 2
    assert "n'existe pas" in plain(capsys.readouterr().err)


def test_french_help_with_an_example(capsys):
    with pytest.raises(SystemExit) as done:
        main(["temps-de-trajet", "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert "utilisation :" in plain(out) and "exemples" in out and "sante-locale temps-de-trajet couples.csv" in out
