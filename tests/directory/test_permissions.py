"""Who may do what in the directory, generated from the directory's own URL patterns: every
URL has a row of expectations per kind of user (a new URL without its row fails)."""

import html

import pytest
from django.urls import reverse

from sante_locale.core.formats import plain
from sante_locale.www.directory.urls import urlpatterns

USERS = ["anonymous", "plain", "editor", "coordinator_here", "coordinator_elsewhere", "admin"]
L = "login"  # redirected to the login page

# url name -> (method, expected status per user in USERS order)
PUBLIC = ("get", [200] * 6)
EDITING = [L, 403, 200, 200, 403, 200]
EXPECTED = {
    "directory": PUBLIC,
    "directory_service": PUBLIC,
    "directory_embed": PUBLIC,
    "directory_embed_service": PUBLIC,
    "directory_snippet": PUBLIC,
    "directory_open_data": PUBLIC,
    "directory_open_data_file": PUBLIC,
    "directory_dashboard": ("get", [L, 200, 200, 200, 200, 200]),
    "directory_edit": ("get", EDITING),
    "directory_new": ("get", EDITING),  # for the service's structure (``?structure=ID``)
    "directory_add_closure": ("post", [L, 403, 302, 302, 403, 302]),
    "directory_confirm": ("post", [L, 403, 302, 302, 403, 302]),
    "directory_add_stop": ("post", [L, 403, 302, 302, 403, 302]),
}
# the same pages for a service that is not published: only its editors see it
UNPUBLISHED = {"directory_service": [403, 403, 200, 200, 403, 200],
               "directory_embed_service": [403, 403, 200, 200, 403, 200]}
POST_DATA = {"directory_add_closure": {"closure-starts_on": "2026-12-24", "closure-ends_on": "2026-12-26",
                                       "closure-reason": "fêtes", "closure-opening_hours": ""},
             "directory_add_stop": {"stop-place": "Cité 12", "stop-opening_hours": "We 09:00-12:00",
                                    "stop-insee_code": "62498"}}

NAMES = [p.name for p in urlpatterns]


def test_every_directory_url_has_expectations():
    assert sorted(NAMES) == sorted(EXPECTED)


@pytest.fixture
def world(db):
    from sante_locale.accounts.factories import UserFactory
    from sante_locale.accounts.models import grant
    from sante_locale.coordination.factories import DispositifFactory
    from sante_locale.directory.factories import ServiceFactory
    from sante_locale.territories.models import Commune

    service = ServiceFactory()  # in Lens (CA de Lens-Liévin), as its structure
    service.structure.commune = Commune.objects.get(insee_code="62498")
    service.structure.save()
    users = {"anonymous": None, "plain": UserFactory(), "editor": UserFactory(),
             "coordinator_here": UserFactory(), "coordinator_elsewhere": UserFactory(),
             "admin": UserFactory(is_staff=True)}
    grant(users["editor"], "editor", service.structure)
    grant(users["coordinator_here"], "coordinator", DispositifFactory(perimeter_level="epci",
                                                                      perimeter_code="246200364"))
    grant(users["coordinator_elsewhere"], "coordinator", DispositifFactory(perimeter_level="commune",
                                                                           perimeter_code="62041"))
    return service, users


def _url(name, service):
    if name == "directory_open_data_file":
        return reverse(name, args=["services.json"])
    if name == "directory_new":
        return reverse(name) + f"?structure={service.structure_id}"
    try:
        return reverse(name, args=[service.pk])
    except Exception:  # noqa: BLE001 - URLs without a service
        return reverse(name)


def _check(client, users, name, url, method, expected, data=None):
    for who, status in zip(USERS, expected, strict=True):
        client.logout()
        if users[who] is not None:
            client.force_login(users[who])
        response = getattr(client, method)(url, data or {})
        if status == L:
            assert response.status_code == 302 and "/connexion/" in response["Location"], (name, who)
        else:
            assert response.status_code == status, (name, who, response.status_code)


@pytest.mark.parametrize("name", NAMES)
def test_matrix(client, world, name):
    service, users = world
    method, expected = EXPECTED[name]
    _check(client, users, name, _url(name, service), method, expected, POST_DATA.get(name))


@pytest.mark.parametrize("name", sorted(UNPUBLISHED))
def test_unpublished_services(client, world, name):
    service, users = world
    service.is_published = False
    service.save()
    _check(client, users, name, _url(name, service), "get", UNPUBLISHED[name])


def test_refusals_are_recorded_and_list_pages_agree_with_rules(client, world):
    from sante_locale.accounts.models import RefusedAttempt
    from sante_locale.directory.models import Service
    from sante_locale.directory.permissions import editable_services
    from sante_locale.directory.search import search

    service, users = world
    client.force_login(users["plain"])
    client.post(reverse("directory_confirm", args=[service.pk]))
    assert RefusedAttempt.objects.filter(action="confirmer ce service").exists()
    for who in USERS[1:]:
        editable = set(editable_services(users[who]))
        assert editable == {s for s in Service.objects.all() if users[who].has_perm("directory.change_service", s)}
    service.is_published = False
    service.save()
    assert search(None, user=None) == [] and [r.service for r in search(None, user=users["editor"])] == [service]


def test_editing_saves_history_and_refuses_bad_input(client, world):
    service, users = world
    client.force_login(users["editor"])
    url = reverse("directory_edit", args=[service.pk])
    form = {"service-name": "Permanence rénovée", "service-description": "Nouvelle description simple.",
            "service-themes": ["sante-locale--pass"], "service-audiences": ["tous-publics"],
            "service-fees": "gratuit", "service-postcode": "62300", "service-insee_code": "62498",
            "service-phone": "+33321000000", "service-opening_hours": "Mo-Fr 09:00-12:00",
            "service-update_every_days": "180", "service-is_published": "on"}
    for bad, message in ({"service-opening_hours": "lundi 9h"}, "illisibles"), \
            ({"service-postcode": "99999"}, "Aucune commune n'a le code postal 99999"), \
            ({"service-phone": ""}, "au moins un moyen de contact"):
        response = client.post(url, {**form, **bad})
        assert response.status_code == 200 and message in plain(html.unescape(response.content.decode())), bad
        service.refresh_from_db()
        assert service.name != "Permanence rénovée"  # nothing saved
    assert client.post(url, form).status_code == 302
    service.refresh_from_db()
    assert service.name == "Permanence rénovée" and service.history.count() == 2
    assert service.history.first().history_user == users["editor"]
    history = client.get(reverse("history", args=["directory.service", service.pk]))
    new = client.post(reverse("directory_new") + f"?structure={service.structure_id}",
                      {**form, "service-name": "Deuxième permanence"})
    assert new.status_code == 302 and service.structure.services.filter(name="Deuxième permanence").exists()
    assert client.get(reverse("directory_new")).content.decode().count(f"?structure={service.structure_id}") == 1
    assert history.status_code == 200 and "Permanence rénovée" in history.content.decode()


def test_bad_stop_and_closure_are_refused_in_french(client, world):
    service, users = world
    client.force_login(users["editor"])
    response = client.post(reverse("directory_add_stop", args=[service.pk]),
                           {"stop-place": "Cité 12", "stop-opening_hours": "mercredi matin", "stop-insee_code": "99999"})
    body = plain(html.unescape(response.content.decode()))
    assert response.status_code == 400 and "illisibles" in body and "Aucune commune n'a le code INSEE 99999" in body
    response = client.post(reverse("directory_add_closure", args=[service.pk]),
                           {"closure-starts_on": "2026-12-26", "closure-ends_on": "2026-12-24"})
    assert response.status_code == 400 and "La fin de la fermeture est avant son début" in response.content.decode()
    assert service.stops.count() == 0 and service.closures.count() == 0
