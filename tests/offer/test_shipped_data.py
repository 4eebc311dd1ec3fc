"""The open data shipped in the package: real values, imported by the demo, once."""

import hashlib

import pandas as pd
import pytest

from sante_locale.core.sources.drees_apl import read_drees_apl
from sante_locale.core.sources.qpv import read_qpv
from sante_locale.offer.models import PublishedAPL, SupplyImport
from sante_locale.offer.shipped import APL_FILE, QPV_FILE, import_shipped_data, shipped_file
from sante_locale.territories.models import Commune


def _shipped_apl():
    with shipped_file(APL_FILE) as path:
        return path.stat().st_size, read_drees_apl(path)


def test_shipped_apl_is_compact_and_equals_the_drees_workbook(shared):
    size, shipped = _shipped_apl()
    assert size < 2_000_000
    real = read_drees_apl(shared("real/drees_apl_medecins_generalistes_2022_2023/apl_generalistes.xlsx"))
    assert [(v.vintage, v.profession, len(v.data)) for v in shipped] == \
        [(v.vintage, v.profession, len(v.data)) for v in real]
    for ours, theirs in zip(shipped, real, strict=True):
        pd.testing.assert_frame_equal(ours.data, theirs.data)


def test_shipped_apl_spot_values_from_the_derived_real_csv(shared):
    """A second, independent reading of the real data (pandas on the DREES-derived CSV)."""
    real = pd.read_csv(shared("real/drees_apl_medecins_generalistes_2022_2023/apl_mg_2022_2023_communes.csv.gz"),
                       dtype={"code_commune_insee": str})
    shipped = {v.vintage: v.data.set_index("insee_code") for v in _shipped_apl()[1]}
    for code in ("62498", "62510", "59350", "01001", "75056", "75101", "97101"):
        for r in real[real["code_commune_insee"] == code].itertuples():
            ours = shipped[r.millesime].loc[code]
            assert (ours["apl"], ours["apl_under_65"], ours["standardised_population"], ours["total_population"]) \
                == (r.apl_mg, r.apl_mg_moins_de_65_ans, r.population_standardisee, r.population_totale)
    assert shipped[2022].loc["62498", "apl"] == 6.151 and shipped[2023].loc["62498", "apl_under_65"] == 5.333


def test_shipped_qpv_is_the_anct_file_byte_for_byte(shared):
    real = shared("real/anct_qpv2024_communes/centroide-4326_qpv.geojson").read_bytes()
    with shipped_file(QPV_FILE) as path:
        ours = path.read_bytes()
        qpv = read_qpv(path).set_index("qpv_code")
    assert hashlib.sha256(ours).hexdigest() == hashlib.sha256(real).hexdigest()
    assert len(qpv) == 1493
    assert {"62498", "62510"} <= set(qpv.loc["QN06229M", "insee_codes"])


@pytest.mark.django_db
def test_demo_import_loads_both_once(django_assert_max_num_queries):
    lines = import_shipped_data()  # its time is measured by bench/shipped_data.py
    assert "importée depuis les données du paquet" in lines[0] and "importés depuis" in lines[1]
    known = set(Commune.objects.values_list("insee_code", flat=True))
    _, shipped = _shipped_apl()
    for sheet in shipped:
        expected = sheet.data["insee_code"].isin(known).sum()
        assert PublishedAPL.objects.filter(profession="medecin_generaliste", vintage=str(sheet.vintage)).count() \
            == expected > 1000
    lens = PublishedAPL.objects.get(commune__insee_code="62498", vintage="2023")
    assert (lens.apl, lens.apl_under_65) == (5.862, 5.333)
    assert Commune.objects.get(insee_code="62498").qpvs.count() == 5
    imports = SupplyImport.objects.filter(kind__in=("published_apl", "qpv"))
    assert sorted(imports.values_list("kind", "vintage")) == [("published_apl", "2022, 2023"), ("qpv", "2024")]
    assert not imports.filter(fictive=True).exists()
    before = (PublishedAPL.objects.count(), SupplyImport.objects.count())
    with django_assert_max_num_queries(4):
        again = import_shipped_data()
    assert all("rien à faire" in line for line in again)
    assert (PublishedAPL.objects.count(), SupplyImport.objects.count()) == before
