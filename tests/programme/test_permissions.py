"""Who sees and changes what on the programme pages and API, generated from the programme's
own URL patterns so that no page escapes: a partner cannot edit (but enters indicator
values), a coordinator of another dispositif sees nothing private, an anonymous visitor
sees only what a public dispositif publishes."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import URLPattern
from django.utils.html import escape

from sante_locale.programme.models import Action, Indicator, IndicatorValue, Programme
from sante_locale.www.programme.urls import urlpatterns

pytestmark = pytest.mark.django_db

#: url name -> kind: read (published to anyone), private (coordinators and partners),
#: write (coordinators), value (coordinators and partners: entering an indicator value),
#: admin (administrators only)
KINDS = {
    "programme": "read", "programme_action": "read", "programme_timeline": "read", "programme_indicators": "read",
    "programme_indicator": "read",
    "programme_grid": "private", "programme_grid_compare": "private", "programme_budget": "private",
    "programme_lens": "private", "programme_review": "private", "programme_review_file": "private",
    "programme_export": "private",
    "programme_value_new": "value",
    "programme_lens_questions": "admin",
}
WRITE = {p.name for p in urlpatterns} - set(KINDS)
SECRET = "Départ d'un pilote."  # the risks of the sample actions: never shown outside the dispositif


def test_every_programme_url_is_classified():
    names = [p.name for p in urlpatterns if isinstance(p, URLPattern)]
    assert len(names) == len(set(names)) and len(names) == len(urlpatterns)
    assert WRITE == {n for n in names if n not in KINDS}
    assert {"programme_action_edit", "programme_import", "programme_grid_edit", "programme_value_edit",
            "programme_indicator_record", "programme_create"} <= WRITE


def _urls(cls):
    programme = cls["programme"]
    action = Action.objects.filter(objective__axis__programme=programme, risks=SECRET).first()
    indicator = Indicator.objects.filter(programme=programme, action__isnull=False).first()
    args = {"pk": cls["dispositif"].pk, "item": None, "value": indicator.values.first().pk, "year": 2025,
            "fmt": "docx"}
    items = {"axis": programme.axes.first().pk,
             "objective": programme.axes.first().objectives.first().pk, "action": action.pk,
             "indicator": indicator.pk, "value": indicator.pk}
    out = []
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        kwargs = {}
        for name in ("pk", "item", "value", "year", "fmt"):
            if f"<int:{name}>" in route or f"<str:{name}>" in route:
                kwargs[name] = args[name]
        if "item" in kwargs:
            kind = next(k for k in ("axis", "objective", "action", "indicator") if
                        f"/{ {'axis': 'axes', 'objective': 'objectifs', 'action': 'actions', 'indicator': 'indicateurs'}[k]}/" in "/" + route)
            kwargs["item"] = items[kind]
        from django.urls import reverse

        out.append((pattern.name, reverse(pattern.name, kwargs=kwargs)))
    return out, action


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["anonymous", "outsider", "partner", "coordinator", "admin"])
def test_get_of_every_page_by_role(cls, who):
    user = None if who == "anonymous" else cls[who]
    client = _client(user)
    urls, _ = _urls(cls)
    for name, url in urls:
        kind = KINDS.get(name, "write")
        response = client.get(url)
        status = response.status_code
        if name in ("programme_create", "programme_indicator_record"):  # POST only
            expected = {405} if who != "anonymous" else {302}
        elif who in ("coordinator", "admin"):
            expected = {200} if kind != "admin" or who == "admin" else {403}
        elif who == "partner":
            expected = {200} if kind in ("read", "private", "value") else {403}
        elif who == "outsider":
            expected = {404} if kind != "admin" else {403}
        else:  # anonymous, programme not published
            expected = {302} if kind in ("write", "value", "admin") else {403}
        assert status in expected, (who, name, url, status)
        if who in ("anonymous", "outsider") and status == 200:
            pytest.fail(f"{who} read {url}")
        if who in ("anonymous", "outsider"):
            assert escape(SECRET).encode() not in response.content
        elif name == "programme_action":  # the check above can fail: the risks are on the page for them
            assert escape(SECRET).encode() in response.content


def test_a_partner_cannot_change_anything_but_enters_values(cls):
    client = _client(cls["partner"])
    urls, action = _urls(cls)
    before = (Action.objects.get(pk=action.pk).title, IndicatorValue.objects.count(), Programme.objects.count())
    for name, url in urls:
        if KINDS.get(name) is None:
            response = client.post(url, {"title": "Piraté", "code": "X", "value": "1", "measured_on": "2026-01-01",
                                         "source": "x"})
            assert response.status_code == 403, (name, response.status_code)
    assert (Action.objects.get(pk=action.pk).title, IndicatorValue.objects.count(), Programme.objects.count()) == before
    indicator = Indicator.objects.filter(programme=cls["programme"], action__isnull=False).first()
    url = dict(urls)["programme_value_new"]
    response = client.post(url, {"measured_on": "2026-11-30", "value": "12,5", "source": "tableau de suivi",
                                 "vintage": "", "note": ""})
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator, measured_on=dt.date(2026, 11, 30))
    assert str(value.value) == "12.5000" and value.entered_by == cls["partner"]
    from sante_locale.accounts.models import RefusedAttempt

    assert RefusedAttempt.objects.filter(user=cls["partner"], channel="web").count() >= len(WRITE) - 2


def test_anonymous_reads_only_what_a_public_dispositif_publishes(cls):
    dispositif, programme = cls["dispositif"], cls["programme"]
    client = Client()
    urls, action = _urls(cls)
    programme.is_published = False
    programme.save()
    dispositif.is_public = True
    dispositif.save()
    assert client.get(dict(urls)["programme"]).status_code == 403  # public dispositif, programme not published
    programme.is_published = True
    programme.save()
    for name, url in urls:
        kind = KINDS.get(name, "write")
        response = client.get(url)
        if kind == "read":
            assert response.status_code == 200, name
            assert escape(SECRET).encode() not in response.content and b"Budget</h2>" not in response.content
        elif kind == "private":
            assert response.status_code == 403, name
    dispositif.is_public = False
    dispositif.save()
    assert client.get(dict(urls)["programme"]).status_code == 403


def test_a_shared_action_is_edited_by_both_coordinators_and_read_in_both_programmes(cls):
    from sante_locale.accounts.factories import UserFactory
    from sante_locale.accounts.models import grant
    from sante_locale.coordination.factories import DispositifFactory
    from sante_locale.programme.factories import ObjectiveFactory, ProgrammeFactory

    asv = DispositifFactory(name="ASV d'essai")
    objective = ObjectiveFactory(axis__programme=ProgrammeFactory(dispositif=asv), code="1.1")
    action = Action.objects.filter(objective__axis__programme=cls["programme"]).first()
    action.shared_in.add(objective)
    asv_coordinator = UserFactory(username="coordinatrice-asv")
    grant(asv_coordinator, "coordinator", asv)
    client = _client(asv_coordinator)
    page = client.get(f"/dispositifs/{asv.pk}/programme/")
    assert escape(action.title).encode() in page.content and b"partag" in page.content
    assert client.get(f"/dispositifs/{asv.pk}/programme/actions/{action.pk}/").status_code == 200
    assert client.get(f"/dispositifs/{asv.pk}/programme/actions/{action.pk}/modifier/").status_code == 200
    assert client.get(f"/dispositifs/{cls['dispositif'].pk}/programme/").status_code == 404  # the CLS stays private
    outsider = _client(cls["outsider"])
    assert outsider.get(f"/dispositifs/{asv.pk}/programme/actions/{action.pk}/").status_code == 404


def test_api_follows_the_same_rights(cls):
    pk = cls["dispositif"].pk
    anonymous, outsider, partner = Client(), _client(cls["outsider"]), _client(cls["partner"])
    assert anonymous.get("/api/programmes/").json()["items"] == []
    assert [p["dispositif_id"] for p in partner.get("/api/programmes/").json()["items"]] == [pk]
    for client in (anonymous, outsider):
        for path in ("", "/actions", "/indicateurs"):
            response = client.get(f"/api/programmes/{pk}{path}")
            assert response.status_code == 404 and "introuvable" in response.json()["detail"]
    actions = partner.get(f"/api/programmes/{pk}/actions").json()["items"]
    assert len(actions) == 7 and any(a["risks"] == SECRET for a in actions) and actions[0]["fundings"]
    cls["dispositif"].is_public = True
    cls["dispositif"].save()
    cls["programme"].is_published = True
    cls["programme"].save()
    public = anonymous.get(f"/api/programmes/{pk}/actions").json()["items"]
    assert len(public) == 7 and all(a["risks"] is None and a["fundings"] is None for a in public)
    values = anonymous.get(f"/api/programmes/{pk}/indicateurs").json()
    assert values and values[0]["values"]
