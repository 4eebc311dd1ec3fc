"""Production's page cache: anonymous visitors share cached public pages; a signed-in user
never gets a cached page (what they change is seen at once)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sante_locale.territories.models import Territory

pytestmark = pytest.mark.django_db

CACHE = ["sante_locale.www.cache.AnonymousUpdateCacheMiddleware", "sante_locale.www.cache.AnonymousFetchFromCacheMiddleware"]


@pytest.fixture
def page_cache(settings):
    from django.core.cache import cache

    settings.MIDDLEWARE = [CACHE[0], *settings.MIDDLEWARE, CACHE[1]]
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_anonymous_visitors_get_the_cached_page_with_its_headers(page_cache, django_assert_num_queries):
    client = Client()
    first = client.get("/territoires/epci/246200364/")
    assert first.status_code == 200 and first["Cache-Control"] == "max-age=60"
    with django_assert_num_queries(0):
        again = Client().get("/territoires/epci/246200364/")
    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert again["X-Frame-Options"] == "DENY"


def test_a_signed_in_user_never_gets_a_cached_page(page_cache, user):
    client = Client()
    client.force_login(user)
    for _ in range(2):  # the second time with every cookie the first answer set
        assert "CLS tout neuf" not in client.get("/mes-territoires/").content.decode()
    client.post("/mes-territoires/nouveau/", {"name": "CLS tout neuf", "members": "62498"})
    assert Territory.objects.filter(name="CLS tout neuf").exists()
    assert "CLS tout neuf" in client.get("/mes-territoires/").content.decode()
    for _ in range(2):  # every cookie settled
        client.get("/territoires/epci/246200364/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/territoires/epci/246200364/")
    assert len(queries) > 0, "a signed-in user was served a cached page"
    assert "Cache-Control" not in page and user.username in page.content.decode()


def test_a_page_for_a_signed_in_user_is_not_served_to_visitors(page_cache, user):
    signed_in = Client()
    signed_in.force_login(user)
    signed_in.get("/territoires/epci/246200364/")
    visitor = Client().get("/territoires/epci/246200364/").content.decode()
    assert user.username not in visitor and "Se connecter" in visitor
