"""Population indicators read from the observatory: the current value comes from the
territory's portrait (never stored by a page), and is kept only when a coordinator records it."""

import html as html_lib

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from sante_locale.core.formats import plain
from sante_locale.programme.factories import IndicatorFactory
from sante_locale.programme.indicators import observed
from sante_locale.programme.models import IndicatorValue

pytestmark = pytest.mark.django_db


def test_observed_value_is_read_then_recorded_on_post_only(cls):
    indicator = IndicatorFactory(programme=cls["programme"], action=None, code="T9", key="population",
                                 mode="observed", baseline_value=None, baseline_on=None)
    seen = observed(indicator)
    from sante_locale.territories.models import EPCI

    assert seen.value == EPCI.objects.get(epci_siren="246200364").population and seen.vintage
    client = Client()
    client.force_login(cls["coordinator"])
    url = reverse("programme_indicator", args=[cls["dispositif"].pk, indicator.pk])
    page = plain(html_lib.unescape(client.get(url).content.decode()))
    assert "Valeur actuelle calculée par l'observatoire" in page and not indicator.values.exists()
    partner = Client()
    partner.force_login(cls["partner"])
    record = reverse("programme_indicator_record", args=[cls["dispositif"].pk, indicator.pk])
    assert partner.post(record).status_code == 403 and not indicator.values.exists()
    assert client.post(record).status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator)
    assert value.value == seen.value and value.vintage == str(seen.vintage) and value.entered_by == cls["coordinator"]


def test_links_block_for_the_dispositif_page(cls):
    html = render_to_string("www/programme/_dispositif_links.html",
                            {"dispositif": cls["dispositif"], "programme": cls["programme"], "private": True})
    pk = cls["dispositif"].pk
    for path in ("programme/", "programme/indicateurs/", "programme/grille/", "programme/bilan/"):
        assert f'href="/dispositifs/{pk}/{path}"' in html
