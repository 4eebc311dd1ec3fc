"""Each profession its own classes (or none), stated with their unit; units written once and
right; names listed in French order."""

import re
from html import unescape

import numpy as np
import pytest

from sante_locale.accessibility import engine
from sante_locale.accessibility.report import page_classes, territory_apl
from sante_locale.cli import main
from sante_locale.core.access.parameters import default_parameters
from sante_locale.core.formats import collation_key, plain
from sante_locale.core.map_classes import GP_APL
from sante_locale.core.professions import APL_PROFESSIONS, PROFESSIONS
from sante_locale.territories.models import EPCI

pytestmark = pytest.mark.django_db
APL = "/territoires/epci/246200364/apl/"


@pytest.mark.parametrize("profession", [p for p in APL_PROFESSIONS if p != "medecin_generaliste"])
def test_other_professions_get_national_quintiles_never_the_gp_threshold(demo_supply, client, profession):
    html = plain(unescape(client.get(APL, {"profession": profession}).content.decode()))
    assert "sous-dense" not in html.lower()
    assert not re.search(r"(?<![\d,])2,5(?![\d])", re.sub(r"<[^>]+>", " ", html))  # no GP threshold
    assert PROFESSIONS[profession].apl_unit in html and "quintile" in html
    assert "Classes non officielles : quintiles de l'APL des communes de France" in html
    assert html.count('<path class="quint-') == 36 and '<path class="apl-' not in html
    run = engine.baseline(default_parameters(profession))
    classes = page_classes(profession, run)
    assert classes.threshold is None and not classes.official
    values = engine.run_frame(run)["apl"].to_numpy(float)
    shares = np.bincount([int(classes.of(v).key[1:]) - 1 for v in values], minlength=len(classes)) / len(values)
    assert len(classes) == 5 and np.all(np.abs(shares - 0.2) < 0.03), shares  # a fifth of France each
    result = territory_apl(EPCI.objects.get(epci_siren="246200364"), default_parameters(profession))
    assert result.summary["population_under_threshold"] is None and result.figures()["threshold"] is None


def test_gp_page_keeps_the_drees_classes_with_their_unit(demo_supply, client):
    html = plain(unescape(client.get(APL).content.decode()))
    assert all(c.label in html for c in GP_APL.classes) and "Classes de la DREES" in html
    assert "Légende (consultations accessibles par an et par habitant)" in html
    assert page_classes("medecin_generaliste") is GP_APL


def test_the_unit_never_contradicts_the_demand(demo_supply, client):
    """Without ages nor published demand, the demand is « non standardisée »: the unit does
    not say « standardisé » (it never does: the demand line says which)."""
    html = plain(unescape(client.get("/territoires/commune/62498/apl/", {"profession": "infirmier"})
                          .content.decode()))
    unit = re.search(r"<dt>Unité</dt><dd>([^<]*)</dd>", html).group(1)
    demand = re.search(r"<dt>Demande</dt><dd>([^<]*)</dd>", html).group(1)
    assert unit == "ETP accessibles pour 100 000 habitants" and "standardis" not in unit
    assert "non standardisée" in demand


def test_cli_states_the_classes_of_a_profession_without_official_ones(demo_supply, capsys):
    assert main(["apl", "calculer", "--profession", "infirmier", "--territoire", "epci:246200364"]) == 0
    out = plain(capsys.readouterr().out)
    assert "sous-dense" not in out and "Classes : Classes non officielles : quintiles" in out
    assert "Unité : ETP accessibles pour 100 000 habitants" in out


def test_histogram_threshold_is_not_counted_in_communes(demo_supply):
    from sante_locale.core.charts import render
    from sante_locale.portraits import service

    portrait = service.portrait_of(EPCI.objects.get(epci_siren="246200364"))
    chart = next(c for s in portrait.sections for c in s.charts if c.key == "apl_histogram")
    svg = plain(render(chart))
    assert "Seuil : 2,5<" in svg and "Seuil : 2,5 communes" not in svg
    assert re.search(r"de \d,\d à \d,\d : \d+ communes", svg)  # bins in APL, counts in communes


def test_names_are_listed_in_french_order(demo_supply, client, user):
    client.force_login(user)
    html = client.get(APL + "scenario/").content.decode()
    options = [plain(unescape(n)) for n in re.findall(r'<option value="\d{5}">([^<]*) \(\d{5}\)</option>', html)]
    assert len(options) == 36 and options == sorted(options, key=collation_key)
    assert options.index("Bénifontaine") < options.index("Billy-Montigny")
    assert options.index("Éleu-dit-Leauwette") < options.index("Estevelles")
    assert options != sorted(options)  # code-point order would put Éleu after Wingles
