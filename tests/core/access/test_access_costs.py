"""Sparse travel costs: Pairs validation, road-time model, spatial index, OD tables."""

import numpy as np
import pandas as pd
import pytest

from sante_locale.core.access.costs import (
    Pairs,
    RoadTimeModel,
    build_pairs,
    haversine_km,
    merge_supply,
)
from sante_locale.core.access.odtable import pairs_from_od_table


def test_pairs_are_sorted_and_typed():
    p = Pairs([2, 0, 0], [0, 1, 0], [3.0, 2.0, 1.0], 3, 2)
    assert p.demand_index.tolist() == [0, 0, 2]
    assert p.supply_index.tolist() == [0, 1, 0]
    assert p.minutes.tolist() == [1.0, 2.0, 3.0]
    assert p.demand_index.dtype == np.int32 and p.minutes.dtype == np.float64


def test_duplicated_pairs_give_a_french_error():
    with pytest.raises(ValueError, match="Couple en double : demande 0 → offre 1"):
        Pairs([0, 1, 0], [1, 0, 1], [3.0, 2.0, 4.0], 2, 2)


@pytest.mark.parametrize("bad", [-1.0, np.nan, np.inf])
def test_negative_or_missing_minutes_give_a_french_error(bad):
    with pytest.raises(ValueError, match="Temps de trajet invalide"):
        Pairs([0, 1], [0, 0], [1.0, bad], 2, 1)


def test_out_of_range_indices_are_refused():
    with pytest.raises(ValueError, match="hors limites"):
        Pairs([0, 5], [0, 0], [1.0, 1.0], 2, 1)


def test_merge_supply_offsets_new_sites():
    a = Pairs([0, 1], [0, 0], [1.0, 2.0], 2, 1)
    b = Pairs([1], [0], [5.0], 2, 1)
    m = merge_supply(a, b)
    assert (m.n_supply, m.supply_index.tolist(), m.minutes.tolist()) == (
        2,
        [0, 0, 1],
        [1.0, 2.0, 5.0],
    )


def test_road_time_is_continuous_monotonic_and_invertible():
    m = RoadTimeModel()
    for road_km in (0.835, 39.21):  # band breaks, in road km
        eps = 1e-9
        assert m.road_minutes(road_km + eps) - m.road_minutes(road_km - eps) < 1e-6
    km = np.linspace(0, 200, 20_001)
    assert np.all(np.diff(m.minutes(km)) > 0)
    start = 0.835 / 20 * 60  # the first 0.835 km at 20 km/h
    main = start + (39.21 - 0.835) / 73.45 * 60  # then up to 39.21 km at 73.45 km/h
    assert m.road_minutes(0.835) == pytest.approx(start)
    assert m.road_minutes(39.21) == pytest.approx(main)
    assert m.road_minutes(49.21) == pytest.approx(main + 10 / 93.67 * 60)  # + 10 km at 93.67
    assert m.minutes(10.0) == pytest.approx(m.road_minutes(13.0))  # detour 1.3
    for minutes in (3.0, 10.0, 20.0, 45.0, 180.0):
        assert m.minutes(m.max_distance_km(minutes)) == pytest.approx(minutes)


def test_intra_unit_time_from_area():
    m = RoadTimeModel()
    area = np.pi * 9.0  # disc of radius 3 km -> 2/3 * 3 = 2 km, i.e. 2.6 road km
    assert m.intra_minutes(area) == pytest.approx(0.835 / 20 * 60 + (2.6 - 0.835) / 73.45 * 60)
    with pytest.raises(ValueError, match="Superficie invalide"):
        m.intra_minutes([-1.0])


def _brute_force(dlon, dlat, slon, slat, catchment, model):
    km = haversine_km(dlon[:, None], dlat[:, None], slon[None, :], slat[None, :])
    t = model.minutes(km)
    d, s = np.nonzero(t <= catchment)
    return d, s, t[d, s]


@pytest.mark.parametrize("chunk_size", [1, 7, 10_000])
def test_build_pairs_matches_brute_force_in_any_chunking(chunk_size):
    rng = np.random.default_rng(4)
    dlon, dlat = rng.uniform(2.0, 3.0, 300), rng.uniform(50.0, 50.6, 300)
    slon, slat = rng.uniform(2.0, 3.0, 40), rng.uniform(50.0, 50.6, 40)
    model = RoadTimeModel()
    p = build_pairs(dlon, dlat, slon, slat, 20, model, chunk_size=chunk_size)
    d, s, t = _brute_force(dlon, dlat, slon, slat, 20, model)
    assert 0 < len(p) < 300 * 40
    np.testing.assert_array_equal(p.demand_index, d)
    np.testing.assert_array_equal(p.supply_index, s)
    np.testing.assert_allclose(p.minutes, t, rtol=1e-9, atol=1e-9)


def test_build_pairs_intra_unit_time():
    # two communes 3 km apart; the site sits in commune 1, 2 km from its centroid
    dlon, dlat = np.array([2.0, 2.042]), np.array([50.0, 50.0])
    slon, slat = np.array([2.07]), np.array([50.0])
    area = np.array([10.0, 400.0])
    model = RoadTimeModel()
    floor = build_pairs(dlon, dlat, slon, slat, 20, model, demand_area_km2=area)
    plain = build_pairs(dlon, dlat, slon, slat, 20, model)
    assert floor.minutes[1] == pytest.approx(model.intra_minutes(400.0))
    assert floor.minutes[0] == pytest.approx(plain.minutes[0])
    same = build_pairs(dlon, dlat, slon, slat, 20, model, demand_area_km2=area, same_unit=[1])
    assert same.minutes[1] == pytest.approx(model.intra_minutes(400.0))
    # a site far from the centroid of its (huge) unit is still paired with it
    far = build_pairs(
        [2.0], [50.0], [3.0], [50.0], 20, model, demand_area_km2=[400.0], same_unit=[0]
    )
    assert far.demand_index.tolist() == [0] and far.minutes[0] == pytest.approx(
        model.intra_minutes(400.0)
    )


@pytest.mark.parametrize("catchment", [0, 1000])
def test_build_pairs_refuses_absurd_catchments(catchment):
    with pytest.raises(ValueError, match="Temps d'accès maximal invalide"):
        build_pairs([2.0], [50.0], [2.0], [50.0], catchment)


def test_build_pairs_refuses_missing_coordinates():
    with pytest.raises(ValueError, match="Coordonnées manquantes côté offre"):
        build_pairs([2.0], [50.0], [np.nan], [50.0], 20)


# ------------------------------------------------------------------- OD tables

DEMAND = ["01001", "62498", "62510"]
SUPPLY = ["62498", "62510"]


def _write(tmp_path, text):
    path = tmp_path / "od.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_od_csv_keeps_leading_zeros_and_sorts(tmp_path):
    path = _write(
        tmp_path, "origin;destination;minutes\n62498;62510;9,5\n01001;62498;25\n62498;62498;0\n"
    )
    p = pairs_from_od_table(path, DEMAND, SUPPLY)
    assert p.demand_index.tolist() == [0, 1, 1]
    assert p.minutes.tolist() == [25.0, 0.0, 9.5]
    assert len(pairs_from_od_table(path, DEMAND, SUPPLY, catchment_minutes=20)) == 2


def test_od_unknown_codes_are_listed_with_a_count(tmp_path):
    rows = "".join(f"{75100 + k},62498,5\n" for k in range(1, 8))
    path = _write(tmp_path, "origin,destination,minutes\n" + rows + "62498,99999,3\n")
    with pytest.raises(ValueError) as err:
        pairs_from_od_table(path, DEMAND, SUPPLY)
    msg = str(err.value)
    assert "origines inconnues : 75101, 75102, 75103, 75104, 75105 … (7 au total)" in msg
    assert "destinations inconnues : 99999 (1 au total)" in msg


def test_od_text_in_minutes_names_the_line(tmp_path):
    path = _write(tmp_path, "origin,destination,minutes\n62498,62498,3\n62498,62510,douze\n")
    with pytest.raises(ValueError, match="ligne 3 : la colonne minutes contient « douze »"):
        pairs_from_od_table(path, DEMAND, SUPPLY)


@pytest.mark.parametrize("value", ["-4", ""])
def test_od_negative_or_missing_minutes(tmp_path, value):
    path = _write(tmp_path, f"origin,destination,minutes\n62498,62498,3\n62510,62510,{value}\n")
    with pytest.raises(ValueError, match="ligne 3 : temps manquant ou négatif"):
        pairs_from_od_table(path, DEMAND, SUPPLY)


def test_od_duplicates_and_missing_columns():
    df = pd.DataFrame(
        {"origin": ["62498", "62498"], "destination": ["62510"] * 2, "minutes": [3, 4]}
    )
    with pytest.raises(ValueError, match="62498 → 62510 apparaît plusieurs fois"):
        pairs_from_od_table(df, DEMAND, SUPPLY)
    with pytest.raises(ValueError, match="colonne\\(s\\) manquante\\(s\\) minutes"):
        pairs_from_od_table(df.drop(columns="minutes"), DEMAND, SUPPLY)


def test_od_parquet(tmp_path):
    df = pd.DataFrame({"origin": ["62498"], "destination": ["62510"], "minutes": [7.0]})
    df.to_parquet(tmp_path / "od.parquet")
    assert pairs_from_od_table(tmp_path / "od.parquet", DEMAND, SUPPLY).minutes.tolist() == [7.0]


def test_sortedness_check_across_block_boundaries():
    from sante_locale.core.access.costs import _strictly_sorted

    d = np.array([0, 0, 1, 1, 2, 2, 3], dtype=np.int32)
    s = np.array([0, 1, 0, 2, 1, 3, 0], dtype=np.int32)
    assert _strictly_sorted(d, s, block=2)
    same_demand = [k for k in range(1, d.size) if d[k] == d[k - 1]]
    assert same_demand == [1, 3, 5]  # one in each block of 2 comparisons
    for k in same_demand:  # a repeat of the previous supply index, anywhere, is seen
        assert not _strictly_sorted(d, np.where(np.arange(d.size) == k, s[k - 1], s), block=2), k
    s_bad = s.copy()
    s_bad[4] = 2  # (2, 2) then (2, 3): still sorted
    assert _strictly_sorted(d, s_bad, block=3)
    s_bad[5] = 2  # (2, 2) twice: duplicate at the 3-block boundary
    assert not _strictly_sorted(d, s_bad, block=3)
    with pytest.raises(ValueError, match="Couple en double : demande 2 → offre 2"):
        Pairs(d, s_bad, np.ones(d.size), 4, 4)
