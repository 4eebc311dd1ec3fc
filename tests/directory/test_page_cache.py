"""Public pages kept for the rest of their minute and revision: same bytes, a change shows at
once, logged-in users and the embed headers unaffected."""

import datetime as dt

import time_machine

from sante_locale.core.formats import plain
from sante_locale.core.hours import PARIS
from sante_locale.directory.factories import ServiceFactory, TemporaryClosureFactory


def test_same_minute_same_page_and_a_change_shows_at_once(client, db, django_assert_max_num_queries):
    service = ServiceFactory(name="Permanence de Lens")
    with time_machine.travel(dt.datetime(2026, 12, 3, 16, 40, 5, tzinfo=PARIS), tick=False):
        first = client.get("/annuaire/?q=Lens").content
        assert "ferme dans 20 min" in first.decode()
        with django_assert_max_num_queries(2):  # the revision only: no search, no page rendering
            assert client.get("/annuaire/?q=Lens").content == first
    with time_machine.travel(dt.datetime(2026, 12, 3, 16, 41, 5, tzinfo=PARIS), tick=False):
        assert "ferme dans 19 min" in client.get("/annuaire/?q=Lens").content.decode()  # the next minute
        TemporaryClosureFactory(service=service, starts_on=dt.date(2026, 12, 3), ends_on=dt.date(2026, 12, 4),
                                reason="inventaire")
        assert "fermeture temporaire : inventaire" in plain(client.get("/annuaire/?q=Lens").content.decode())
        service.name = "Permanence renommée"
        service.save()
        assert "Permanence renommée" in client.get(f"/annuaire/services/{service.pk}/").content.decode()


def test_logged_in_pages_are_not_kept_and_embeds_keep_their_headers(client, db, user):
    service = ServiceFactory(name="Brouillon", unpublished=True)
    assert "Brouillon" not in client.get("/annuaire/?q=Lens").content.decode()
    from sante_locale.accounts.models import grant

    grant(user, "editor", service.structure)
    client.force_login(user)
    assert "Brouillon" in client.get("/annuaire/?q=Lens").content.decode()
    client.logout()
    for _ in range(2):
        response = client.get("/annuaire/integration/?q=Lens")
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]  # no site listed by default
        assert "X-Frame-Options" not in response


def test_embed_service_links_back_to_the_same_search(client, db):
    service = ServiceFactory(name="Permanence de Lens")
    page = client.get("/annuaire/integration/?q=Lens&gratuit=on").content.decode()
    assert f"/annuaire/integration/services/{service.pk}/?retour=q%3DLens%26gratuit%3Don" in page
    detail = client.get(f"/annuaire/integration/services/{service.pk}/", {"retour": "q=Lens&gratuit=on&x=<b>"})
    assert 'href="/annuaire/integration/?q=Lens&amp;gratuit=on"' in detail.content.decode()
