"""Security headers on every page kind, the embed rule, login lockout, passwords, session expiry.

The pages are found by walking Django's URL resolver, and reached the way the permissions
matrix reaches them (``tests/permissions/page_registry.py``: one registry of how to reach
every page, the matrix's cases): a page added later without a case there fails
:func:`test_every_page_has_an_example` (and the matrix), so no page escapes the header checks.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from html.parser import HTMLParser

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.signals import request_finished
from django.db import OperationalError, close_old_connections
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path
from page_registry import page_examples
from world import build_world

from sante_locale.accounts.factories import UserFactory
from sante_locale.core.formats import plain

pytestmark = pytest.mark.django_db

EMBED_TEST_PATH = "/annuaire/integration/essai/"


def _named_patterns(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _named_patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            yield p.name, prefix + str(p.pattern)


def _fail(request):
    raise RuntimeError("panne voulue par le test")


def _database_away(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def _embed(request):
    return HttpResponse("<!doctype html><title>Intégration</title><p>Annuaire</p>")


@pytest.fixture
def test_urls(settings):
    """The real URLs plus a failing page (500), a database outage (503) and a dummy embed."""
    from sante_locale.config import urls as real

    module = types.ModuleType("sante_locale_security_test_urls")
    module.urlpatterns = [*real.urlpatterns, path("__panne__/", _fail), path("__base-absente__/", _database_away),
                          path(EMBED_TEST_PATH.lstrip("/"), _embed)]
    module.handler404, module.handler500 = real.handler404, real.handler500
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    yield module
    del sys.modules[module.__name__]


class _InlineFinder(HTMLParser):
    """Whatever a strict Content-Security-Policy would block in a page."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self._in_script = True
            self.found.append("<script> en ligne")
        if tag == "style":
            self.found.append("<style> en ligne")
        if "style" in names:
            self.found.append(f"attribut style sur <{tag}>")
        self.found += [f"attribut {n} sur <{tag}>" for n in names if n.startswith("on")]
        self.found += [f"lien javascript: sur <{tag}>" for n, v in attrs if v and v.strip().lower().startswith(
            "javascript:")]


def inline_code(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found


def assert_security_headers(response, framed_by=None):
    csp = response["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert "unsafe" not in csp
    if framed_by is None:
        assert directives["frame-ancestors"] == ["'none'"]
        assert response["X-Frame-Options"] == "DENY"
    else:
        assert directives["frame-ancestors"] == framed_by
        assert "X-Frame-Options" not in response  # it cannot name several origins
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def _close(response):
    """Close a streamed answer as a server would, without the end-of-request signal closing
    the test's database connection (what Django's test client does for its own answers)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def test_every_page_has_an_example():
    names = {name for name, _ in _named_patterns(get_resolver().url_patterns)}
    assert names, "the resolver walk found no page"
    missing = names - set(page_examples(build_world()))
    assert not missing, f"pages without a case in tests/permissions/cases_*.py: {sorted(missing)}"


@pytest.fixture
def pages():
    """Every named page as (name, url, client, example), from the permissions matrix's cases:
    the client of the first role that may see the page (anonymous when it is public)."""
    from sante_locale.www.directory import cache

    cache.clear()  # the directory keeps anonymous pages per database state: start from this one
    world = build_world()
    clients = {}
    for role, user in world.users.items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    examples = page_examples(world)
    yield [(name, ex.url, clients[ex.role], ex) for name, ex in sorted(examples.items())]
    cache.clear()


def test_every_page_kind_sends_the_security_headers_and_no_inline_code(pages, test_urls, settings):
    from cases import OK

    statuses = {}
    for name, url, client, example in pages:
        response = client.get(url)
        statuses[name] = response.status_code
        if example.case.method == "GET" and example.case.expect[example.role] == OK:
            assert response.status_code == 200, (name, url, example.role, response.status_code)  # the real page
        # the directory's embeddable pages may be framed by the listed origins (none by default)
        embeddable = url.startswith(settings.EMBED_URL_PREFIX)
        assert_security_headers(response, framed_by=["'none'"] if embeddable else None)
        if response.get("Content-Type", "").startswith("text/html"):
            assert not inline_code(response.content.decode()), (name, inline_code(response.content.decode()))
        if response.streaming:
            _close(response)  # a file download: its file is closed
    # the pages were really served (not all redirected or refused); no APL run is stored in the
    # test database, so the APL pages answer 409 with their French explanation
    assert statuses["home"] == statuses["territory"] == statuses["portrait"] == 200
    assert statuses["apl"] == statuses["apl_nearest"] == 409
    assert statuses["offer_imports"] == statuses["custom_index"] == statuses["login"] == 200
    assert statuses["portrait_file"] == 200 and statuses["offer_import_report"] == 404
    assert sum(status == 200 for status in statuses.values()) > 0.8 * len(statuses), statuses
    client = Client(raise_request_exception=False)
    for url, status, text in (("/page/qui/n-existe/pas/", 404, "Page introuvable"),
                              ("/__panne__/", 500, "Une erreur est survenue"),
                              ("/__base-absente__/", 503, "Service momentanément indisponible")):
        response = client.get(url)
        assert response.status_code == status and text in response.content.decode()
        assert_security_headers(response)
        assert not inline_code(response.content.decode())


def test_inline_code_finder_sees_what_the_policy_would_block():
    html = ('<p style="color:red">x</p><script>alert(1)</script><style>p{}</style>'
            '<button onclick="f()">b</button><a href="javascript:f()">l</a><script src="/s.js"></script>')
    assert inline_code(html) == ["attribut style sur <p>", "<script> en ligne", "<style> en ligne",
                                 "attribut onclick sur <button>", "lien javascript: sur <a>"]
    # SVG presentation attributes (fill=, font-size=) are not styles: the maps keep them
    assert inline_code('<svg><path fill="#123456" d="M0 0"/><text font-size="12">a</text></svg>') == []


def test_the_database_outage_page_is_french_and_asks_to_retry(test_urls):
    response = Client(raise_request_exception=False).get("/__base-absente__/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    html = response.content.decode()
    assert "La base de données de Santé Locale ne répond pas" in html and "Traceback" not in html


def test_only_the_embed_prefix_may_be_framed_and_only_by_the_listed_origins(test_urls, settings):
    client = Client()
    assert_security_headers(client.get(EMBED_TEST_PATH), framed_by=["'none'"])  # nobody by default
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.ville.example.fr", "https://cpts.example.org"]
    assert_security_headers(client.get(EMBED_TEST_PATH),
                            framed_by=["https://www.ville.example.fr", "https://cpts.example.org"])
    assert_security_headers(client.get("/territoires/epci/246200364/"))  # any other page: never framed
    assert_security_headers(client.get("/annuaire/"))  # 404 just beside the prefix: never framed


def test_a_configured_tile_server_is_the_only_other_image_origin(settings):
    from sante_locale.config.base import CONTENT_SECURITY_POLICY, _tile_origin

    assert CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] == ["'self'"]  # offline maps by default
    assert _tile_origin("https://tuiles.example.org/{z}/{x}/{y}.png") == ["https://tuiles.example.org"]


# --- login throttling (django-axes) ------------------------------------------------------


@pytest.fixture
def axes_on(settings):
    """django-axes as served (the test settings turn it off for the test client's login())."""
    settings.AXES_ENABLED = True


def _login(client, username, password):
    return client.post("/connexion/", {"username": username, "password": password, "next": "/"})


def test_login_is_locked_after_five_failures_in_french_then_unlocked_by_the_command(user, capsys, axes_on):
    from sante_locale.cli import main

    client = Client()
    for _ in range(4):
        assert _login(client, user.username, "mauvais-mot-de-passe").status_code == 200
    locked = _login(client, user.username, "mauvais-mot-de-passe")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "la connexion est bloquée pendant 15 minutes" in html and 'name="password"' in html
    assert_security_headers(locked)
    # even the right password is refused now, with the same page
    assert _login(client, user.username, "mot-de-passe-de-test").status_code == 429
    assert "_auth_user_id" not in client.session
    # another identifier from the same address is not locked
    other = UserFactory(username="autre-compte")
    assert _login(Client(), other.username, "mot-de-passe-de-test").status_code == 302

    assert main(["debloquer", user.username]) == 0
    assert "Débloqué" in capsys.readouterr().out
    assert _login(client, user.username, "mot-de-passe-de-test").status_code == 302


def test_lockout_ends_by_itself_after_the_cool_off(user, axes_on):
    client = Client()
    for _ in range(5):
        _login(client, user.username, "mauvais-mot-de-passe")
    assert _login(client, user.username, "mot-de-passe-de-test").status_code == 429
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)):
        assert _login(client, user.username, "mot-de-passe-de-test").status_code == 302


def test_unlock_command_says_when_there_is_nothing_to_unlock(capsys):
    from sante_locale.cli import main

    assert main(["debloquer", "personne"]) == 0
    assert "rien à débloquer" in capsys.readouterr().out
    assert main(["debloquer"]) == 2
    assert "précisez l'identifiant" in plain(capsys.readouterr().err)


# --- passwords and sessions ------------------------------------------------------------


def test_password_validators_refuse_weak_passwords_in_french(user):
    cases = {"court": "trop court", "123456789012345": "entièrement numérique",
             "qwerty123456": "trop courant", user.username + "1": "trop semblable"}
    for password, expected in cases.items():
        with pytest.raises(ValidationError) as refused:
            validate_password(password, user)
        assert any(expected in m for m in refused.value.messages), (password, refused.value.messages)
    assert "au minimum 12 caractères" in " ".join(_messages("court"))
    validate_password("une phrase de passe assez longue", user)  # accepted


def _messages(password):
    try:
        validate_password(password)
    except ValidationError as exc:
        return exc.messages
    return []


def _signed_in(user):
    client = Client()
    assert _login(client, user.username, "mot-de-passe-de-test").status_code == 302
    assert client.get("/mes-territoires/").status_code == 200
    return client


def test_a_session_ends_after_an_hour_without_activity(user):
    client = _signed_in(user)
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start + dt.timedelta(minutes=50)):
        assert client.get("/mes-territoires/").status_code == 200  # active again: the hour starts over
    with time_machine.travel(start + dt.timedelta(minutes=105)):
        assert client.get("/mes-territoires/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=170)):
        response = client.get("/mes-territoires/", follow=True)
    assert response.redirect_chain[0][0].startswith("/connexion/")
    assert "Votre session a expiré (sans activité)" in response.content.decode()


def test_a_session_ends_ten_hours_after_the_login_even_when_active(user):
    client = _signed_in(user)
    start = dt.datetime.now(dt.UTC)
    for minutes in range(30, 600, 30):  # a request every half hour for a working day
        with time_machine.travel(start + dt.timedelta(minutes=minutes)):
            assert client.get("/mes-territoires/").status_code == 200, minutes
    with time_machine.travel(start + dt.timedelta(minutes=601)):
        response = client.get("/mes-territoires/", follow=True)
    assert response.redirect_chain[0][0].startswith("/connexion/")
    assert "Votre session a expiré (ouverte depuis trop longtemps)" in response.content.decode()


def test_reading_pages_does_not_write_the_session_at_each_request(user, django_assert_max_num_queries):
    client = _signed_in(user)
    client.get("/mes-territoires/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            client.get("/accessibilite/")
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert not writes


def test_served_settings_keep_login_throttling_on():
    import sante_locale.config.base as base
    import sante_locale.config.dev as dev

    for module in (base, dev):
        assert getattr(module, "AXES_ENABLED", True) is True
        assert module.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
        assert "axes.middleware.AxesMiddleware" in module.MIDDLEWARE
