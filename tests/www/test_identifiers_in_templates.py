"""Identifiers and years are written as they are, never as numbers with a thousands separator.

With ``USE_THOUSAND_SEPARATOR`` (French numbers: « 12 345 »), Django writes every integer of a
template with a narrow no-break space: a structure n° 1234 became ``?structure=1 234`` in a
link, and a year 2025 « 2 025 ». PostgreSQL's sequences pass 1 000 quickly in real use (and in
a long test run, which is how this was found). Templates write them with ``|unlocalize``.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from sante_locale.accounts.factories import UserFactory
from sante_locale.accounts.models import grant
from sante_locale.structures.factories import StructureFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "sante_locale" / "www" / "templates"
#: ``{{ something.pk }}``, ``{{ x_id }}``, ``{{ year }}``… written with no filter at all
BARE = re.compile(r"\{\{ *((?:[\w.]*\.)?(?:pk|id|\w+_id|y|year|\w+_year)) *\}\}")


def test_templates_write_identifiers_and_years_unlocalized():
    bare = [f"{path.relative_to(TEMPLATES)}:{n}: {match.group(0)}"
            for path in sorted(TEMPLATES.rglob("*.html"))
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            for match in BARE.finditer(line)]
    assert not bare, "écrivez ces valeurs avec |unlocalize :\n" + "\n".join(bare)


@pytest.mark.django_db
def test_a_link_to_structure_12345_is_not_broken(client):
    structure = StructureFactory(pk=12345)
    user = UserFactory()
    grant(user, "editor", structure)
    client.force_login(user)
    page = client.get(reverse("directory_new")).content.decode()
    assert "?structure=12345" in page
