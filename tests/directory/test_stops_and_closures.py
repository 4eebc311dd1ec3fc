"""Editors modify and delete the stops and closures of a service: the list on the edit page,
the change recorded in the history, the service up to date, another service's stop or
closure « introuvable », bad input refused in French, the public page without what was
deleted. Who may do it (every role) is in the permissions matrix
(``tests/permissions/cases_directory.py``)."""

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse

from sante_locale.core import clock
from sante_locale.core.formats import plain
from sante_locale.core.hours import PARIS
from sante_locale.directory.factories import (
    MobileStopFactory,
    ServiceFactory,
    TemporaryClosureFactory,
)
from sante_locale.directory.models import MobileStop, TemporaryClosure

LONG_AGO = dt.date(2025, 1, 6)


def text(response) -> str:
    return plain(html.unescape(response.content.decode()))


@pytest.fixture
def editor(db):
    from sante_locale.accounts.factories import UserFactory

    return UserFactory()


@pytest.fixture
def service(editor):
    """A service in Lens, last updated long ago, with a stop and a closure; ``editor`` edits its structure."""
    from sante_locale.accounts.models import grant

    service = ServiceFactory(name="Bus santé", updated_on=LONG_AGO)
    grant(editor, "editor", service.structure)
    MobileStopFactory(service=service, place="Cité 12", address="rue de Londres", opening_hours="We 09:00-12:00")
    TemporaryClosureFactory(service=service, starts_on=dt.date(2026, 12, 24), ends_on=dt.date(2027, 1, 2),
                            reason="fêtes")
    return service


def test_the_edit_page_lists_stops_and_closures_in_french(client, editor, service):
    client.force_login(editor)
    stop, closure = service.stops.get(), service.closures.get()
    page = text(client.get(reverse("directory_edit", args=[service.pk])))
    assert "Du 24 décembre 2026 au 2 janvier 2027 : fermé (fêtes)" in page
    assert "Cité 12, rue de Londres : We 09:00-12:00" in page
    for name, item in (("stop", stop), ("closure", closure)):
        assert f'href="{reverse(f"directory_edit_{name}", args=[service.pk, item.pk])}">Modifier' in page
        assert f'action="{reverse(f"directory_delete_{name}", args=[service.pk, item.pk])}"' in page
    assert page.count('class="danger">Supprimer') == 2


def test_modify_a_stop(client, editor, service):
    client.force_login(editor)
    stop = service.stops.get()
    url = reverse("directory_edit_stop", args=[service.pk, stop.pk])
    assert "Actuellement : Cité 12, rue de Londres : We 09:00-12:00." in text(client.get(url))
    response = client.post(url, {"stop-place": "Cité 9", "stop-address": "place Jean-Jaurès",
                                 "stop-opening_hours": "Th 14:00-17:00", "stop-insee_code": "62510",
                                 "stop-lon": "", "stop-lat": ""}, follow=True)
    assert response.redirect_chain == [(reverse("directory_edit", args=[service.pk]), 302)]
    assert "Arrêt modifié." in text(response) and "Cité 9, place Jean-Jaurès, Liévin : Th 14:00-17:00" in text(response)
    stop.refresh_from_db()
    service.refresh_from_db()
    assert (stop.place, stop.opening_hours, stop.commune.insee_code) == ("Cité 9", "Th 14:00-17:00", "62510")
    assert (stop.lon, stop.lat) == (stop.commune.lon, stop.commune.lat)  # moved: the new commune's point
    assert service.updated_on == clock.today()
    change = stop.history.first()
    assert change.history_type == "~" and change.history_user == editor and change.prev_record.place == "Cité 12"
    # the form shows the stop's commune; kept as is, the coordinates stay where the editor put them
    assert 'value="62510"' in client.get(url).content.decode()
    client.post(url, {"stop-place": "Cité 9", "stop-address": "", "stop-opening_hours": "Th 14:00-17:00",
                      "stop-insee_code": "62510", "stop-lon": "2.79", "stop-lat": "50.42"})
    stop.refresh_from_db()
    assert (stop.lon, stop.lat) == (2.79, 50.42)


def test_delete_a_closure(client, editor, service):
    client.force_login(editor)
    closure = service.closures.get()
    url = reverse("directory_delete_closure", args=[service.pk, closure.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and service.closures.exists()  # asking deletes nothing
    assert "Supprimer la fermeture « du 24 décembre 2026 au 2 janvier 2027 : fermé (fêtes) » ?" in text(confirm)
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("directory_edit", args=[service.pk]), 302)]
    assert "Fermeture supprimée." in text(response) and "Aucune fermeture enregistrée." in text(response)
    assert not TemporaryClosure.objects.filter(pk=closure.pk).exists()
    service.refresh_from_db()
    assert service.updated_on == clock.today()
    deletion = TemporaryClosure.history.filter(id=closure.pk).first()  # the history keeps it
    assert deletion.history_type == "-" and deletion.history_user == editor and deletion.reason == "fêtes"


def test_delete_a_stop_and_modify_a_closure(client, editor, service):
    client.force_login(editor)
    stop, closure = service.stops.get(), service.closures.get()
    assert client.post(reverse("directory_delete_stop", args=[service.pk, stop.pk])).status_code == 302
    assert not service.stops.exists() and MobileStop.history.filter(id=stop.pk, history_type="-").exists()
    response = client.post(reverse("directory_edit_closure", args=[service.pk, closure.pk]),
                           {"closure-starts_on": "2026-12-31", "closure-ends_on": "2026-12-31",
                            "closure-reason": "", "closure-opening_hours": "10:00-12:00"}, follow=True)
    assert "Fermeture modifiée." in text(response)
    assert "Le 31 décembre 2026 : horaires exceptionnels 10:00-12:00" in text(response)


@pytest.mark.parametrize("kind", ["stop", "closure"])
@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_services_stop_or_closure_is_not_found(client, editor, service, kind, action, method, db_state):
    """The editor of both services still may not reach one's stop or closure through the other's URL."""
    from sante_locale.accounts.models import RefusedAttempt, grant

    other = ServiceFactory(name="Autre service", updated_on=LONG_AGO)
    grant(editor, "editor", other.structure)
    theirs = (MobileStopFactory if kind == "stop" else TemporaryClosureFactory)(service=other)
    client.force_login(editor)
    before, journal = db_state(), RefusedAttempt.objects.count()
    url = reverse(f"directory_{action}_{kind}", args=[service.pk, theirs.pk])
    data = ({"stop-place": "Ailleurs", "stop-opening_hours": "Mo 09:00-10:00"} if kind == "stop" else
            {"closure-starts_on": "2027-02-01", "closure-ends_on": "2027-02-02"})
    response = getattr(client, method)(url, data if method == "post" else {})
    assert response.status_code == 404
    assert ("Arrêt introuvable" if kind == "stop" else "Fermeture introuvable") in text(response)
    assert RefusedAttempt.objects.count() == journal + 1  # a forged address is journaled
    after = db_state()
    assert {t for t in before if before[t] != after[t]} == {"accounts_refusedattempt"}  # nothing else changed
    unknown = reverse(f"directory_{action}_{kind}", args=[service.pk, 999999])
    assert getattr(client, method)(unknown).status_code == 404


def test_bad_input_is_refused_in_french_and_nothing_changes(client, editor, service, db_state):
    client.force_login(editor)
    stop, closure = service.stops.get(), service.closures.get()
    before = db_state()
    response = client.post(reverse("directory_edit_stop", args=[service.pk, stop.pk]),
                           {"stop-place": "", "stop-opening_hours": "mercredi matin", "stop-insee_code": "99999"})
    page = text(response)
    assert response.status_code == 400 and "Rien n'a été enregistré : corrigez les champs signalés." in page
    assert "illisibles" in page and "Aucune commune n'a le code INSEE 99999" in page
    assert "Actuellement : Cité 12, rue de Londres : We 09:00-12:00." in page  # as saved, not as typed
    response = client.post(reverse("directory_edit_closure", args=[service.pk, closure.pk]),
                           {"closure-starts_on": "2027-01-08", "closure-ends_on": "2027-01-04"})
    assert response.status_code == 400
    assert "La fin de la fermeture est avant son début : corrigez l'une des dates." in text(response)
    after = db_state()
    assert {t for t in before if before[t] != after[t]} == {"accounts_refusedattempt"}  # journaled, nothing else
    service.refresh_from_db()
    assert service.updated_on == LONG_AGO


def test_a_deleted_stop_leaves_the_public_page_at_once(client, editor, service):
    """The anonymous page is kept for the rest of its minute per revision: a deletion is a new revision."""
    stop = service.stops.get()
    public = reverse("directory_service", args=[service.pk])
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, 15, 5, tzinfo=PARIS), tick=False):
        assert "Cité 12" in text(client.get(public))
        assert "Cité 12" in text(client.get(public))  # kept
        client.force_login(editor)
        assert client.post(reverse("directory_delete_stop", args=[service.pk, stop.pk])).status_code == 302
        client.logout()
        assert "Cité 12" not in text(client.get(public))  # same minute


def test_adding_a_stop_or_a_closure_makes_the_service_up_to_date(client, editor, service):
    client.force_login(editor)
    response = client.post(reverse("directory_add_closure", args=[service.pk]),
                           {"closure-starts_on": "2027-05-01", "closure-ends_on": "2027-05-01"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.updated_on == clock.today() and service.closures.count() == 2
    service.updated_on = LONG_AGO
    service.save()
    response = client.post(reverse("directory_add_stop", args=[service.pk]),
                           {"stop-place": "Cité 9", "stop-opening_hours": "Th 14:00-17:00", "stop-insee_code": "62510"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.updated_on == clock.today() and service.stops.count() == 2
