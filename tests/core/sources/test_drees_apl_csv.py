"""The compact CSV form of the DREES APL workbook: read like the workbook, refused when bad."""

import gzip

import pytest

from sante_locale.cli import main
from sante_locale.core.formats import plain
from sante_locale.core.sources.drees_apl import read_drees_apl
from sante_locale.core.sources.errors import SourceError
from sante_locale.offer.models import PublishedAPL, SupplyImport

HEADER = ("Millésime;Code commune INSEE;Commune;APL aux médecins généralistes;"
          "APL aux médecins généralistes de moins de 65 ans;Population standardisée pour la médecine générale;"
          "Population totale")  # fmt: skip
GOOD = [HEADER, "2022;62498;Lens;6.151;5.532;32172.494;32458", "2023;62498;Lens;5.862;5.333;32271.581;32618",
        "2023;1001;L'Abergement-Clémenciat;1,942;;838.154;832"]


def _write(tmp_path, lines, name="apl.csv.gz"):
    path = tmp_path / name
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def test_compact_csv_gives_one_vintage_per_year(tmp_path):
    vintages = read_drees_apl(_write(tmp_path, GOOD))
    assert [(v.vintage, v.profession, v.sheet, len(v.data)) for v in vintages] == \
        [(2022, "medecin_generaliste", "APL 2022", 1), (2023, "medecin_generaliste", "APL 2023", 2)]
    lens, village = vintages[1].data.to_dict("records")
    assert (lens["insee_code"], lens["apl"], lens["apl_under_65"], lens["total_population"]) == \
        ("62498", 5.862, 5.333, 32618.0)
    assert village["insee_code"] == "01001" and village["apl"] == 1.942  # code padded, decimal comma read
    assert village["apl_under_65"] != village["apl_under_65"]  # empty cell → NaN


@pytest.mark.parametrize(("lines", "where", "message"), [
    ([HEADER.replace("Millésime;", ""), "62498;Lens;6.1;5.5;3.0;3"], "ligne 1, colonne « Millésime »",
     "colonne absente"),
    ([HEADER, "2023;62498;Lens;six;5.5;3.0;3"], "ligne 2, colonne « APL aux médecins généralistes »",
     "nombre positif ou nul attendu"),
    ([HEADER, "2023;62498;Lens;6.1;5.5;3.0;3", "2023;62510;Liévin;-1;5.5;3.0;3"], "ligne 3", "« -1 »"),
    ([HEADER, "23;62498;Lens;6.1;5.5;3.0;3"], "ligne 2, colonne « Millésime »", "millésime illisible"),
    ([HEADER, "2023;62498;Lens;6.1;5.5;3.0;3", "2023;62498;Lens;6.1;5.5;3.0;3"], "ligne 3",
     "déjà présente ligne 2"),
    ([HEADER, "2023;62498;Lens;6.1;5.5"], "ligne 2", "5 champs au lieu de 7"),
    ([HEADER], "ligne 1", "aucune ligne de commune"),
])
def test_bad_compact_csv_is_refused_with_line_and_column(tmp_path, lines, where, message):
    with pytest.raises(SourceError) as caught:
        read_drees_apl(_write(tmp_path, lines))
    assert where in str(caught.value) and message in str(caught.value)
    assert "apl.csv.gz" in str(caught.value)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "vide.csv"
    path.write_bytes(b"")
    with pytest.raises(SourceError, match="vide"):
        read_drees_apl(path)


@pytest.mark.django_db
def test_cli_import_is_all_or_nothing(tmp_path, capsys):
    assert main(["import", "apl-drees", str(_write(tmp_path, GOOD, "apl.csv"))]) == 0
    assert sorted(PublishedAPL.objects.values_list("commune__insee_code", "vintage")) == \
        [("01001", "2023"), ("62498", "2022"), ("62498", "2023")]
    bad = _write(tmp_path, [*GOOD, "2023;62510;Liévin;4.4;4.0;29167.476;30149", "2023;59350;Lille;x;5;1;1"],
                 "mauvais.csv")
    assert main(["import", "apl-drees", str(bad)]) == 2
    err = plain(capsys.readouterr().err)
    assert "ligne 6" in err and "Rien n'a été modifié" in err and "Traceback" not in err
    assert PublishedAPL.objects.count() == 3 and SupplyImport.objects.filter(kind="published_apl").count() == 1
