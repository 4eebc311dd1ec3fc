"""One clock for the product, frozen for the tests: ages follow the frozen year."""

import ast
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from sante_locale.accounts.factories import UserFactory
from sante_locale.core import clock
from sante_locale.offer.factories import ActivityFactory
from sante_locale.territories.models import Commune

PARIS = ZoneInfo("Europe/Paris")
LATER = dt.datetime(2031, 3, 1, 9, 0, tzinfo=PARIS)
PACKAGE = Path(__file__).resolve().parents[1] / "src" / "sante_locale"
CLOCK = PACKAGE / "core" / "clock.py"


def wall_clock_calls(path: Path) -> list[str]:
    """``date.today()``, ``datetime.now()``, ``pd.Timestamp.now()``, ``timezone.now()``,
    ``time.time()``… called in ``path`` (durations with ``time.perf_counter`` are fine)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner, name = ast.unparse(node.func.value), node.func.attr
        dated = owner.split(".")[-1] in {"date", "datetime", "Timestamp", "timezone"}
        if (dated and name in {"today", "now", "utcnow"}) or (
                owner == "time" and name in {"time", "time_ns", "localtime", "gmtime", "strftime"}):
            where = path.relative_to(PACKAGE) if path.is_relative_to(PACKAGE) else path.name
            found.append(f"{where}:{node.lineno} {owner}.{name}()")
    return found


def test_the_product_reads_the_date_from_core_clock_only():
    calls = [c for p in sorted(PACKAGE.rglob("*.py")) if p != CLOCK for c in wall_clock_calls(p)]
    assert calls == [], "use sante_locale.core.clock (now, today, current_year)"


def test_the_wall_clock_check_sees_each_spelling(tmp_path):
    path = tmp_path / "x.py"
    path.write_text("import datetime as dt, time\nimport pandas as pd\nfrom django.utils import timezone\n"
                    "dt.date.today()\ndt.datetime.now(tz)\npd.Timestamp.now()\ntimezone.now()\ntime.time()\n"
                    "time.perf_counter()\nclock.now()\n")
    assert [c.split()[-1] for c in wall_clock_calls(path)] == [
        "dt.date.today()", "dt.datetime.now()", "pd.Timestamp.now()", "timezone.now()", "time.time()"]


def test_the_session_runs_on_the_frozen_paris_day(frozen_now):
    assert frozen_now.date() == dt.date(2026, 12, 3)
    assert clock.today() == frozen_now.date()
    assert clock.current_year() == 2026
    assert clock.now().tzinfo is clock.PARIS
    assert dt.timedelta(0) <= clock.now() - frozen_now < dt.timedelta(hours=6)  # ticks from there


def test_paris_day_not_utc_day():
    with time_machine.travel(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), tick=False):
        assert clock.today() == dt.date(2027, 1, 1)
        assert clock.current_year() == 2027


@pytest.fixture
def gp_born_1962(db):
    lens = Commune.objects.get(insee_code="62498")
    return ActivityFactory(professional__rpps_id="10000000001", professional__birth_year=1962,
                           professional__age_status="known", site__commune=lens,
                           site__lon=lens.lon, site__lat=lens.lat).professional


def test_professional_page_age_follows_the_year(gp_born_1962):
    client, user = Client(), UserFactory(username="horloge")
    client.force_login(user)
    url = f"/professionnels/{gp_born_1962.rpps_id}/"
    assert "<dd>1962 (connu, 64 ans environ)</dd>" in client.get(url).content.decode()
    with time_machine.travel(LATER, tick=False):
        client.force_login(user)  # the first session has expired by then
        assert "<dd>1962 (connu, 69 ans environ)</dd>" in client.get(url).content.decode()


def test_apl_supply_ages_follow_the_year(gp_born_1962):
    from sante_locale.accessibility.inputs import supply_table

    assert supply_table("medecin_generaliste")["age"].tolist() == [64]
    with time_machine.travel(LATER, tick=False):
        assert supply_table("medecin_generaliste")["age"].tolist() == [69]


def test_portrait_cache_key_changes_with_the_year(db):
    from sante_locale.portraits.service import cache_key

    lens = Commune.objects.get(insee_code="62498")
    this_year = cache_key(lens)
    assert cache_key(lens) == this_year
    with time_machine.travel(LATER, tick=False):
        assert cache_key(lens) != this_year


def test_a_national_run_with_an_age_cut_off_is_not_reused_the_next_year(db):
    from sante_locale.accessibility import engine
    from sante_locale.core.access.parameters import default_parameters
    from sante_locale.offer.imports.demo_supply import prepare_demo_supply
    from sante_locale.offer.models import Professional

    prepare_demo_supply()
    Professional.objects.filter(profession="medecin_generaliste").update(birth_year=1962, age_status="known")
    params = default_parameters(age_cutoff=65)
    now = engine.record_baseline(params)
    assert now.pk is not None
    assert engine.record_baseline(params).pk == now.pk  # reused the same year
    assert now.inputs["annee_des_ages"] == 2026
    with time_machine.travel(LATER, tick=False):  # same data, ages five years older
        assert engine.stored_baseline(params) is None  # last year's run is not served
        later = engine.record_baseline(params)
    assert later.pk != now.pk and later.inputs["annee_des_ages"] == 2031
