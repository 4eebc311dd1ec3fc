"""Programme pages as a coordinator uses them: write a fiche action, enter a value, see a
late value, fill the grid, filter and sort, import a bad workbook; reading never writes."""

import datetime as dt
import html as html_lib
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sante_locale.core.formats import plain
from sante_locale.programme.models import (
    Action,
    CharacteristicScore,
    Indicator,
    IndicatorValue,
    SelfAssessment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(cls):
    client = Client()
    client.force_login(cls["coordinator"])
    return client


def test_write_a_fiche_action(cls, coordinator):
    pk = cls["dispositif"].pk
    objective = cls["programme"].axes.first().objectives.first()
    form = coordinator.get(reverse("programme_action_new", args=[pk]))
    assert form.status_code == 200 and "Nouvelle fiche action" in plain(html_lib.unescape(form.content.decode()))
    response = coordinator.post(reverse("programme_action_new", args=[pk]), {
        "code": "9.9", "objective": objective.pk, "title": "Maraudes santé", "status": "planned", "priority": "high",
        "approach": "proportionate_universalism", "participation": "concertation", "determinants": ["housing", "food"],
        "audiences": ["precarious"], "starts_on": "2027-01-01", "ends_on": "2027-12-31"})
    action = Action.objects.get(code="9.9")
    assert response.status_code == 302 and response["Location"] == reverse("programme_action", args=[pk, action.pk])
    assert action.determinants == ["housing", "food"] and action.history.count() == 1
    page = plain(html_lib.unescape(coordinator.get(response["Location"]).content.decode()))
    assert "Maraudes santé" in page and "logement ; alimentation" in page and "universalisme proportionné" in page


def test_a_form_error_is_french_and_saves_nothing(cls, coordinator):
    pk = cls["dispositif"].pk
    objective = cls["programme"].axes.first().objectives.first()
    before = Action.objects.count()
    response = coordinator.post(reverse("programme_action_new", args=[pk]), {
        "code": "1.1.1", "objective": objective.pk, "title": "Doublon", "status": "planned", "priority": "high",
        "approach": "universal", "participation": "none", "starts_on": "2027-01-01", "ends_on": "2026-01-01"})
    text = plain(html_lib.unescape(response.content.decode()))
    assert response.status_code == 400 and Action.objects.count() == before
    assert "Le code « 1.1.1 » est déjà pris dans ce programme" in text
    assert "La fin de l'action précède son début" in text


def test_enter_a_value_and_the_late_warning(cls, coordinator):
    pk = cls["dispositif"].pk
    indicator = Indicator.objects.get(programme=cls["programme"], code="P1")
    indicator.values.filter(measured_on__year=2026).delete()  # last value 30/06/2025, yearly: late since 30/07/2026
    page = plain(html_lib.unescape(coordinator.get(reverse("programme_indicator", args=[pk, indicator.pk]))
                                   .content.decode()))
    assert "Valeur en retard" in page and "30/06/2026" in page
    listing = plain(html_lib.unescape(coordinator.get(reverse("programme_indicators", args=[pk])).content.decode()))
    assert "en retard" in listing and ">P1<" in listing
    response = coordinator.post(reverse("programme_value_new", args=[pk, indicator.pk]),
                                {"measured_on": "2026-11-15", "value": "1 234", "source": "tableau de suivi"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=indicator, measured_on=dt.date(2026, 11, 15)).value == 1234
    page = plain(html_lib.unescape(coordinator.get(reverse("programme_indicator", args=[pk, indicator.pk]))
                                   .content.decode()))
    assert "Valeur en retard" not in page
    assert '<td class="num">1 234</td>' in page
    assert "Prochaine valeur attendue le 15/11/2027" in page
    again = coordinator.post(reverse("programme_value_new", args=[pk, indicator.pk]),
                             {"measured_on": "2026-11-15", "value": "3", "source": "x"})
    assert again.status_code == 400 and "Une valeur existe déjà à cette date" in plain(html_lib.unescape(again.content.decode()))


def test_fill_the_grid(cls, coordinator):
    pk = cls["dispositif"].pk
    data = {"participants": "COTECH", "comment": "", "score_political": "4", "score_project": "2",
            "comment_political": "Délibération du conseil communautaire."}
    response = coordinator.post(reverse("programme_grid_edit", args=[pk, 2026]), data)
    assert response.status_code == 302
    grid = SelfAssessment.objects.get(dispositif=cls["dispositif"], year=2026)
    assert grid.scores()["political"] == 4 and grid.scores()["coordinated"] is None
    assert CharacteristicScore.objects.get(assessment=grid, characteristic="political").comment.startswith("Délib")
    page = coordinator.get(reverse("programme_grid", args=[pk])).content.decode()
    assert "<svg" in page and "2025" in page and "2026" in page and "+1" in page  # political 3 -> 4
    bad = coordinator.post(reverse("programme_grid_edit", args=[pk, 2026]), {"score_political": "7"})
    assert bad.status_code == 400 and grid.scores()["political"] == 4


def test_filters_and_sorts(cls, coordinator):
    url = reverse("programme", args=[cls["dispositif"].pk])
    late = plain(html_lib.unescape(coordinator.get(url, {"status": "late"}).content.decode()))
    assert "1 fiche action retenue" in late
    titles = [a.title for a in Action.objects.filter(status="late")]
    assert titles and all(t in late for t in titles)
    ordered = coordinator.get(url, {"tri": "priority"}).content.decode()
    positions = [ordered.find(">haute<"), ordered.find(">moyenne<"), ordered.find(">basse<")]
    assert -1 not in positions and positions == sorted(positions)
    nothing = coordinator.get(url, {"q": "introuvable-zzz"}).content.decode()
    assert "0 fiches action retenues" in nothing


def test_import_page_lists_problems_and_imports_nothing(cls, coordinator, tmp_path):
    pk = cls["dispositif"].pk
    export = coordinator.get(reverse("programme_export", args=[pk]))
    book = load_workbook(io.BytesIO(export.content))
    book["Budget"]["D2"] = "beaucoup"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "programme.xlsx"
    before = [a.title for a in Action.objects.order_by("pk")]
    response = coordinator.post(reverse("programme_import", args=[pk]), {"file": out, "dry_run": ""})
    text = plain(html_lib.unescape(response.content.decode()))
    assert response.status_code == 400 and "1 problème : rien n'a été importé" in text
    assert "« beaucoup » n'est pas un nombre" in text and "<td>Budget</td>" in text
    assert [a.title for a in Action.objects.order_by("pk")] == before


def test_an_objective_with_actions_is_not_deleted_but_a_dispositif_is_deleted_whole(cls, coordinator):
    pk = cls["dispositif"].pk
    objective = cls["programme"].axes.first().objectives.first()
    response = coordinator.post(reverse("programme_objective_delete", args=[pk, objective.pk]), follow=True)
    assert "n'a pas été supprimé : déplacez ou supprimez d'abord ses fiches actions" in plain(html_lib.unescape(response.content.decode()))
    assert Action.objects.filter(objective=objective).exists()
    cls["dispositif"].delete()
    assert not Action.objects.filter(objective__axis__programme__dispositif_id=pk).exists()


def test_history_of_an_action_and_qpv_filter(cls, coordinator):
    action = Action.objects.filter(objective__axis__programme=cls["programme"]).first()
    action.title = "Titre corrigé"
    action.save()
    page = coordinator.get(reverse("history", args=["programme.action", action.pk]))
    assert page.status_code == 200 and "Titre corrigé" in plain(html_lib.unescape(page.content.decode()))
    from sante_locale.territories.models import QPV

    qpv = QPV.objects.create(qpv_code="QN06299Z", name="Quartier d'essai")
    action.qpvs.add(qpv)
    url = reverse("programme", args=[cls["dispositif"].pk])
    assert "1 fiche action retenue" in coordinator.get(url, {"qpv": "QN06299Z"}).content.decode()
    assert "0 fiches action retenues" in coordinator.get(reverse("programme", args=[cls["dispositif"].pk]),
                                                          {"qpv": "QN00000X"}).content.decode()
