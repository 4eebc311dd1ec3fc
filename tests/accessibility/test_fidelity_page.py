"""« Méthode et fiabilité » on the APL page: computed against published DREES APL."""

import html as markup
import re

import pytest

from sante_locale.accessibility import engine
from sante_locale.accessibility.fidelity import comparable_column, published_comparison
from sante_locale.accessibility.report import parameters_from, territory_apl
from sante_locale.core.access.fidelity import compare_values
from sante_locale.core.access.parameters import default_parameters
from sante_locale.core.formats import fr_number, fr_percent
from sante_locale.offer.models import PublishedAPL
from sante_locale.offer.shipped import import_shipped_data
from sante_locale.territories.lookup import get_unit

pytestmark = pytest.mark.django_db
PAGE = "/territoires/epci/246200364/apl/"


@pytest.fixture
def published(demo_supply):
    import_shipped_data()


def _section(html: str) -> str:
    start = html.index('<section aria-labelledby="titre-fiabilite"')
    return markup.unescape(html[start:html.index("</section>", start)])


def _expected(vintage="2023", column="apl"):
    """The comparison recomputed from the run's values (stored or computed for reading) and the DREES rows."""
    result = territory_apl(get_unit("epci", "246200364"), parameters_from())
    computed = dict(engine.run_frame(result.run)[["pk", "apl"]].itertuples(index=False, name=None))
    drees = dict(PublishedAPL.objects.filter(vintage=vintage).values_list("commune_id", column))
    ids = result.rows["pk"].tolist()
    return compare_values([computed[pk] for pk in ids], [drees.get(pk) for pk in ids])


def test_section_figures_match_the_comparison_function(published, client):
    html = client.get(PAGE).content.decode()
    section = _section(html)
    f = _expected()
    assert f.compared == 36
    figures = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", section))
    assert figures["Communes comparées"] == "36 sur 36"
    assert figures["Écart absolu médian"] == fr_number(f.median_abs_difference, 2)
    assert figures["Communes à ±10\u202f% de la valeur publiée"] == fr_percent(f.share_within, 0)
    assert figures["Corrélation des rangs (Spearman)"] == fr_number(f.spearman, 2)
    assert "," in figures["Écart absolu médian"] and "." not in figures["Écart absolu médian"]
    assert "millésime 2023, sans borne d’âge" in section  # typographic apostrophe in the page
    assert "Offre de soins FICTIVE" in section and "Données fictives" in section
    assert "distancier Metric" in section and "plafonnées" in section
    # Lens: the real DREES 2023 value beside the computed one, and their difference
    lens = re.search(r'Lens <span class="context">62498</span></th><td class="num">(.*?)</td>'
                     r'<td class="num">(.*?)</td><td class="num">(.*?)</td>', section)
    rows = territory_apl(get_unit("epci", "246200364"), parameters_from()).rows
    computed = float(rows.loc[rows["insee_code"] == "62498", "apl"].iloc[0])
    assert lens.group(1) == fr_number(computed, 2) and lens.group(2) == "5,86"
    assert lens.group(3) == ("+" if computed > 5.862 else "−") + fr_number(abs(computed - 5.862), 2)


def test_only_the_same_vintage_is_compared(published, client):
    PublishedAPL.objects.filter(vintage="2023").delete()  # the 2022 values alone do not compare with 2023
    section = _section(client.get(PAGE).content.decode())
    assert "Aucune APL publiée par la DREES pour le millésime 2023" in section
    assert "Écart absolu médian" not in section


def test_an_age_bound_is_not_compared_with_the_unbounded_value(published, client):
    section = _section(client.get(PAGE + "?profession=medecin_generaliste&age_max=65").content.decode())
    assert "65 ans exclus" in section and "ne sont pas comparés" in section
    assert "Écart absolu médian" not in section


def test_under_65_variant_compares_with_the_published_under_65_column(published):
    params = default_parameters(age_cutoff=65, age_rule="<")
    assert comparable_column(params) == ("apl_under_65", "médecins de moins de 65 ans")
    base = territory_apl(get_unit("epci", "246200364"), params)
    drees = dict(PublishedAPL.objects.filter(vintage="2023").values_list("commune_id", "apl_under_65"))
    comparison = published_comparison(base.run, params, base.rows)
    assert comparison.fidelity.published.tolist() == [drees[pk] for pk in base.rows["pk"]]


def test_other_professions_say_there_is_nothing_comparable(published, client):
    section = _section(client.get(PAGE + "?profession=infirmier").content.decode())
    assert "paramètres non officiels" in section
