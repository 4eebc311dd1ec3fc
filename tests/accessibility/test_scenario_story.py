"""The scenario tells its story: who leaves (by one age rule, « 65 ans ou plus »), what the
new centre adds, the APL and the sous-dense population before → after, signed changes per
commune; counts checked against the supply table itself."""

import re
from html import unescape

import numpy as np
import pytest

from sante_locale.accessibility import engine
from sante_locale.accessibility.report import demand_unit_ids, scenario_display
from sante_locale.cli import main
from sante_locale.core import clock
from sante_locale.core.access.apl import cap_activity
from sante_locale.core.access.parameters import RETIREMENT_AGES, default_parameters
from sante_locale.core.access.scenarios import retirement_label
from sante_locale.core.formats import MINUS, plain
from sante_locale.core.indicators import INDICATORS
from sante_locale.offer.models import Activity, Professional
from sante_locale.territories.models import EPCI, Commune

pytestmark = pytest.mark.django_db
URL = "/territoires/epci/246200364/apl/scenario/"


@pytest.fixture
def lens_lievin(demo_supply):
    return demand_unit_ids(EPCI.objects.get(epci_siren="246200364"))


def _gp_activities_in(ids):
    """GP activities at sites of these communes, read straight from the database."""
    year = clock.current_year()
    rows = Activity.objects.filter(profession="medecin_generaliste", site__commune_id__in=ids).values_list(
        "professional_id", "acts_per_year", "professional__birth_year", "professional__age_status", "mode",
        "site__kind")
    out = []
    for pk, acts, born, status, mode, kind in rows:
        centre = (kind or "").lower().startswith("centre de sant")
        if mode == "S" and not centre:
            continue  # salaried GPs outside centres de santé are not in the DREES supply
        age = year - born if born and status in ("known", "estimated") else None
        out.append((pk, acts, age, "centre_de_sante" if centre else "liberal"))
    return out


def test_departures_by_age_match_the_supply_table(lens_lievin):
    params = default_parameters()
    result = engine.simulate(params, lens_lievin, {"territory": "x"}, retire_age=65)
    rows = _gp_activities_in(lens_lievin)
    leaving = [r for r in rows if r[2] is not None and r[2] >= 65]  # 65 or more: the one rule
    assert leaving, "the demo supply has GPs of 65 or more in Lens-Liévin"
    acts = cap_activity(np.array([np.nan if r[1] is None else r[1] for r in leaving], float),
                        [r[3] for r in leaving], params)
    told = result.summary["changes"]["by_age"]["territory"]
    assert told["professionals"] == len({r[0] for r in leaving})
    assert told["fte"] == pytest.approx(acts.sum() / 5400.0, rel=1e-12)
    assert result.summary["changes"]["departures"] == result.summary["changes"]["by_age"]
    unknown = {r[0] for r in rows if r[2] is None}
    assert result.summary["changes"]["unknown_age_territory"] == len(unknown)
    fte = result.summary["changes"]["fte_territory"]
    assert fte["before"] - fte["after"] == pytest.approx(told["fte"], rel=1e-9)


def test_a_professional_aged_exactly_65_leaves(lens_lievin):
    """« 65 ans ou plus »: age 65 (reached this year) leaves, 64 stays."""
    year = clock.current_year()
    gp = Activity.objects.filter(profession="medecin_generaliste", site__commune__insee_code="62498",
                                 mode="L").select_related("professional").first().professional
    Professional.objects.filter(pk=gp.pk).update(birth_year=year - 65, age_status="known")
    with_65 = engine.simulate(default_parameters(), lens_lievin, {"territory": "x"}, retire_age=65)
    Professional.objects.filter(pk=gp.pk).update(birth_year=year - 64, age_status="known")
    with_64 = engine.simulate(default_parameters(), lens_lievin, {"territory": "x"}, retire_age=65)
    counted = [r["by_age"]["territory"]["professionals"] for r in (with_65.summary["changes"],
                                                                    with_64.summary["changes"])]
    assert counted[0] == counted[1] + 1


def test_the_new_centre_and_the_story_in_order(lens_lievin):
    params = default_parameters()
    villers = Commune.objects.get(insee_code="62854")
    result = engine.simulate(params, lens_lievin, {"territory": "x"}, new_sites=[(villers.pk, 3.0)], retire_age=65)
    assert result.summary["changes"]["new_centres"][0]["fte"] == 3.0
    assert result.summary["changes"]["new_centres"][0]["insee_code"] == "62854"
    display = scenario_display(result, params, maps=False)
    labels = [label for label, _ in display["story"]]
    assert labels[:3] == ["Départs à 65 ans ou plus", "Nouveau centre de santé", "ETP comptés dans le territoire"]
    assert labels[3:] == ["APL moyenne", "Population en commune sous-dense", "Communes sous-denses"]
    story = dict(display["story"])
    assert story["Nouveau centre de santé"] == "3,0 ETP à Villers-au-Bois."
    assert "de 65 ans ou plus" in story["Départs à 65 ans ou plus"]
    assert re.fullmatch(r"\d,\d\d → \d,\d\d \([+−]\d,\d\d\)", story["APL moyenne"])
    # per commune: signed changes with a real minus sign, consistent with the values shown
    for row in display["rows"]:
        text = row["difference_texte"]
        assert "-" not in text and (text.startswith(("+", MINUS)) or set(text) <= set("0,"))
        shown = float(row["apres_texte"].replace(",", ".")) - float(row["avant_texte"].replace(",", "."))
        assert float(text.replace(MINUS, "-").replace(",", ".")) == pytest.approx(shown, abs=1e-9)
    changes = [r["ecart"] for r in display["rows"]]
    assert changes == sorted(changes, reverse=True)


def test_the_page_tells_the_story_and_the_empty_form_says_fictive(lens_lievin, client, user):
    client.force_login(user)
    empty = client.get(URL).content.decode()
    assert "Données fictives" in empty  # before anything is computed
    assert "de cet âge ou plus" in unescape(empty)
    html = client.post(URL, {"profession": "medecin_generaliste", "commune": "62854", "fte": "3",
                             "retire_age": "65"}).content.decode()
    story = plain(unescape(html[html.index('id="scenario-recit"'):html.index("</dl>", html.index("scenario-recit"))]))
    assert "Départs à 65 ans ou plus" in story and "médecins généralistes de 65 ans ou plus" in story
    assert "3,0 ETP à Villers-au-Bois" in story and "APL moyenne" in story and " → " in story
    assert "Population en commune sous-dense" in story
    cells = re.findall(r'<td class="num" data-value="[^"]*">([^<]*)</td>\s*(?:<td>|</tr>)', html)
    assert cells and all(c.startswith(("+", MINUS)) or set(c) <= set("0,") for c in cells)


def test_cli_tells_the_same_story(lens_lievin, capsys):
    assert main(["apl", "scenario", "--territoire", "epci:246200364", "--nouveau-centre", "62854:3",
                 "--retraite-age", "65"]) == 0
    out = plain(capsys.readouterr().out)
    assert "Départs à 65 ans ou plus : " in out and "Nouveau centre de santé : 3,0 ETP à Villers-au-Bois." in out
    assert "APL moyenne : " in out and "(APL en consultations accessibles par an et par habitant)" in out


def test_one_age_rule_everywhere(capsys):
    """The form, the CLI help, the portrait's indicators and the docs name the departures
    « N ans ou plus », the rule the engine applies (scenarios.leaving)."""
    from pathlib import Path

    from sante_locale.www.forms_apl import ScenarioForm

    root = Path(__file__).resolve().parents[2]
    assert retirement_label(65) == "65 ans ou plus"
    field = ScenarioForm().fields["retire_age"]
    assert "de cet âge ou plus" in field.label and "65 ans ou plus" in field.help_text
    with pytest.raises(SystemExit):
        main(["apl", "scenario", "--help"])
    help_text = " ".join(plain(capsys.readouterr().out).split())
    assert "de cet âge ou plus partent" in help_text and "65 : les 65 ans ou plus" in help_text
    for age in RETIREMENT_AGES:
        assert f"de {age} ans ou plus" in INDICATORS[f"apl_if_{age}_stop"].label
        assert f"de {age} ans ou plus" in INDICATORS[f"under_if_{age}_stop"].label
    docs = (root / "docs" / "methodes-apl.md").read_text() + (root / "docs" / "cli.md").read_text()
    assert "65 ans ou plus" in docs
    everything = docs + "".join(p.read_text() for p in (root / "src").rglob("*.py")) + "".join(
        p.read_text() for p in (root / "src").rglob("*.html"))
    assert not re.search(r"plus de \d\d ans|plus âgés que", everything)


def test_a_profession_without_official_classes_has_no_sous_dense(demo_supply):
    ids = demand_unit_ids(EPCI.objects.get(epci_siren="246200364"))
    params = default_parameters("infirmier")
    result = engine.simulate(params, ids, {"territory": "x"}, retire_age=65)
    assert result.summary["change"]["population_below_before"] is None
    assert set(result.comparison["crossing"]) == {""}
    display = scenario_display(result, params, maps=False)
    assert display["threshold"] is None
    assert not [text for label, text in display["story"] if "sous-dense" in label + text]
    assert "infirmiers de 65 ans ou plus" in dict(display["story"])["Départs à 65 ans ou plus"]
