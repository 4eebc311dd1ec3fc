"""The dispositif's page links to its programme (what the user may open there), and the
programme's breadcrumb links back to the dispositif's page: both ways are followed."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from world import build_world

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _hrefs(html: str, block: str) -> list[str]:
    """The links of the first ``<section class="programme-links">`` or ``<nav class="breadcrumb">``."""
    tag = {"programme-links": "section", "breadcrumb": "nav"}[block]
    found = re.search(rf'<{tag} class="{block}"[^>]*>(.*?)</{tag}>', html, re.DOTALL)
    return re.findall(r'href="([^"]+)"', found.group(1)) if found else []


def _programme_links(client, dispositif) -> list[str]:
    response = client.get(reverse("dispositif", args=[dispositif.pk]))
    assert response.status_code == 200
    return _hrefs(response.content.decode(), "programme-links")


def test_the_dispositif_page_links_to_its_programme_and_the_programme_back_to_it():
    w = build_world()
    pk = w.this.pk
    everything = [reverse(name, args=[pk]) for name in ("programme", "programme_indicators", "programme_grid",
                                                          "programme_review")]
    for role in ("coordinator", "partner", "admin"):  # the programme's readers: its private parts too
        client = _client(w.users[role])
        assert _programme_links(client, w.this) == everything, role
        for url in everything:
            page = client.get(url)
            assert page.status_code == 200, (role, url)
            crumbs = _hrefs(page.content.decode(), "breadcrumb")
            assert reverse("dispositif", args=[pk]) in crumbs, (role, url, crumbs)
        assert client.get(reverse("dispositif", args=[pk])).status_code == 200


def test_anonymous_visitors_see_the_links_of_a_published_programme_only():
    w = build_world()
    public, anonymous = w.public_dispositif, Client()
    links = _programme_links(anonymous, public)
    assert links == [reverse("programme", args=[public.pk]), reverse("programme_indicators", args=[public.pk])]
    page = anonymous.get(links[0])
    assert page.status_code == 200
    crumbs = _hrefs(page.content.decode(), "breadcrumb")
    assert crumbs[1] == reverse("dispositif", args=[public.pk]) and anonymous.get(crumbs[1]).status_code == 200
    w.public_programme.is_published = False
    w.public_programme.save()
    assert _programme_links(anonymous, public) == []  # a draft: no link to a page that would refuse


def test_a_dispositif_without_programme_leads_its_coordinator_to_the_creation():
    w = build_world()
    client = _client(w.users["other_coordinator"])
    assert _programme_links(client, w.other) == [reverse("programme", args=[w.other.pk]),
                                                 reverse("programme_grid", args=[w.other.pk])]
    page = client.get(reverse("programme", args=[w.other.pk]))
    assert page.status_code == 200 and reverse("programme_create", args=[w.other.pk]) in page.content.decode()
    assert reverse("dispositif", args=[w.other.pk]) in _hrefs(page.content.decode(), "breadcrumb")
