"""Programme rights that the permissions matrix (``tests/permissions/cases_programme.py``,
every page, API operation and command × every role) cannot express: what changes when a
programme is published or its dispositif made private, and a fiche action shared by two
dispositifs."""

import html

import pytest
from django.test import Client

from sante_locale.core.formats import plain
from sante_locale.programme.models import Action

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return plain(html.unescape(response.content.decode()))


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_publishing_opens_the_programme_and_making_the_dispositif_private_closes_it(cls):
    dispositif, programme = cls["dispositif"], cls["programme"]
    action = Action.objects.filter(objective__axis__programme=programme).first()
    pages = [f"/dispositifs/{dispositif.pk}/programme/", f"/dispositifs/{dispositif.pk}/programme/actions/{action.pk}/"]
    api = f"/api/programmes/{dispositif.pk}/actions"
    anonymous = Client()
    programme.is_published = False
    programme.save()
    dispositif.is_public = True
    dispositif.save()
    assert [anonymous.get(url).status_code for url in pages] == [403, 403]  # public dispositif, draft programme
    assert anonymous.get(api).status_code == 404
    programme.is_published = True
    programme.save()
    assert [anonymous.get(url).status_code for url in pages] == [200, 200]
    assert action.title in _text(anonymous.get(pages[0])) and anonymous.get(api).status_code == 200
    dispositif.is_public = False
    dispositif.save()
    assert [anonymous.get(url).status_code for url in pages] == [403, 403]
    assert anonymous.get(api).status_code == 404


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
    page = _text(client.get(f"/dispositifs/{asv.pk}/programme/"))
    assert action.title in page and "partag" in page
    assert client.get(f"/dispositifs/{asv.pk}/programme/actions/{action.pk}/").status_code == 200
    assert client.get(f"/dispositifs/{asv.pk}/programme/actions/{action.pk}/modifier/").status_code == 200
    assert client.get(f"/dispositifs/{cls['dispositif'].pk}/programme/").status_code == 404  # the CLS stays private
    outsider = _client(cls["outsider"])
    assert outsider.get(f"/dispositifs/{asv.pk}/programme/actions/{action.pk}/").status_code == 404
