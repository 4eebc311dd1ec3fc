"""Editing the directory beyond who may do it: history and French refusals of bad input.

Who may see and change what (every directory page, API operation and command × every role,
the unpublished services, the journal of refused attempts, the editors' list agreeing with
the rules) is in the permissions matrix: ``tests/permissions/cases_directory.py`` and
``tests/permissions/test_visibility_agrees.py``."""

import html

import pytest
from django.urls import reverse

from sante_locale.core.formats import plain


@pytest.fixture
def world(db):
    """A service in Lens and the editor of its structure."""
    from sante_locale.accounts.factories import UserFactory
    from sante_locale.accounts.models import grant
    from sante_locale.directory.factories import ServiceFactory
    from sante_locale.territories.models import Commune

    service = ServiceFactory()  # in Lens (CA de Lens-Liévin), as its structure
    service.structure.commune = Commune.objects.get(insee_code="62498")
    service.structure.save()
    users = {"editor": UserFactory()}
    grant(users["editor"], "editor", service.structure)
    return service, users


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
