"""Prepare the embedded demonstration: reference, fictive supply, example territory, account.

It sits above the apps (``territories``, ``offer``) and calls each for its own part; none of
them imports it. ``sante-locale demo`` runs :func:`prepare`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from sante_locale.config import env
from sante_locale.core.referentiel import package_version
from sante_locale.demo.coordination import seed as seed_coordination
from sante_locale.demo.directory import prepare_directory
from sante_locale.demo.programme import prepare_programme
from sante_locale.offer.imports.demo_supply import prepare_demo_supply
from sante_locale.offer.shipped import import_shipped_data
from sante_locale.territories.custom import save_territory
from sante_locale.territories.importer import import_reference
from sante_locale.territories.models import EPCI, ReferenceVintage, Territory

DEMO_USERNAME = "demo"
DEMO_TERRITORY = "CLS Lens-Liévin et Hénin-Carvin (exemple)"
DEMO_EPCIS = ("246200364", "246200299")  # CA de Lens-Liévin, CA d'Hénin-Carvin


@dataclass
class DemoSummary:
    username: str
    password: str
    credentials_path: Path
    lines: list[str] = field(default_factory=list)


def prepare(progress=None) -> DemoSummary:
    """Load what is missing (a second run changes nothing) and say what was done, in French."""
    lines = []
    vintage = ReferenceVintage.objects.first()
    if vintage is not None and vintage.vintage == package_version():
        lines.append(f"Référentiel déjà chargé ({vintage.source}, {vintage.scope}) : rien à faire.")
    else:
        report = import_reference(progress=progress)
        lines += report.lines()
        lines.append(f"Référentiel chargé : {report.source}.")
    lines += prepare_demo_supply()
    lines += import_shipped_data()
    username, password, path = _demo_account()
    lines.append(_demo_territory(username))
    lines += seed_coordination()  # first: the dispositifs and structures the others attach to
    lines += prepare_directory()
    lines += prepare_programme(username)
    return DemoSummary(username, password, path, lines)


def _demo_account() -> tuple[str, str, Path]:
    path = env.home() / "identifiants-demo.txt"
    try:
        password = path.read_text().strip().split(":", 1)[1]
    except (OSError, IndexError):
        password = secrets.token_urlsafe(9)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{DEMO_USERNAME}:{password}\n")
        path.chmod(0o600)
    user_model = get_user_model()
    with transaction.atomic():
        user, _ = user_model.objects.get_or_create(username=DEMO_USERNAME, defaults={"first_name": "Démo"})
        if not user.check_password(password):
            user.set_password(password)
            user.save()
    return DEMO_USERNAME, password, path


def _demo_territory(username: str) -> str:
    if Territory.objects.filter(name=DEMO_TERRITORY).exists():
        return f"Territoire d'exemple « {DEMO_TERRITORY} » déjà présent."
    communes = []
    for epci in EPCI.objects.filter(epci_siren__in=DEMO_EPCIS):
        communes += list(epci.communes.filter(kind="COM"))
    if not communes:
        return "Territoire d'exemple non créé : le Pas-de-Calais n'est pas dans le référentiel chargé."
    owner = get_user_model().objects.get(username=username)
    save_territory(owner, DEMO_TERRITORY, "Exemple : périmètre d'un contrat local de santé sur deux agglomérations.",
                   communes, visibility="public")
    return f"Territoire d'exemple « {DEMO_TERRITORY} » créé ({len(communes)} communes)."
