"""Custom territories: a named set of communes, checked before anything is saved."""

from __future__ import annotations

import re
from collections import Counter

from django.db import transaction
from django.utils.text import slugify

from sante_locale.core.geo import normalize_name
from sante_locale.territories.models import EPCI, Commune, FormerCommune, Territory

_SPLIT = re.compile(r"[\n,;\t]+")
_CODE = re.compile(r"^[0-9][0-9AB]\d{3}$", re.IGNORECASE)


class InvalidMembers(Exception):
    """The list of communes cannot be accepted; ``problems`` are French sentences."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def parse_members(text: str, epci_sirens: list[str] | None = None) -> list[Commune]:
    """Communes named in ``text`` (INSEE codes or exact names, one per line or separated
    by commas) plus every commune of the EPCI in ``epci_sirens``.

    Refuses, with every problem listed: unknown codes, names matching no or several
    communes, entries given twice, codes of communes déléguées or associées (naming the
    commune that replaces them), unknown EPCI.
    """
    entries = [e.strip() for e in _SPLIT.split(text or "") if e.strip()]
    problems: list[str] = []
    codes: list[str] = []
    unknown: list[str] = []
    for entry in entries:
        first = entry.split()[0]
        if _CODE.match(first):
            codes.append(first.upper())
            continue
        matches = list(Commune.objects.filter(search_name=normalize_name(entry)).select_related("departement"))
        if len(matches) == 1:
            codes.append(matches[0].insee_code)
        elif not matches:
            unknown.append(entry)
        else:
            listed = ", ".join(f"{m.insee_code} ({m.departement.name if m.departement else '?'})" for m in matches)
            problems.append(f"« {entry} » désigne plusieurs communes : {listed}. Donnez le code INSEE.")
    for siren in epci_sirens or []:
        epci = EPCI.objects.filter(epci_siren=siren.strip()).first()
        if epci is None:
            problems.append(f"EPCI inconnu : « {siren} » (un SIREN d'EPCI a 9 chiffres).")
            continue
        codes += list(epci.communes.filter(kind="COM").values_list("insee_code", flat=True))
    found = {c.insee_code: c for c in Commune.objects.filter(insee_code__in=set(codes))}
    former = {f.insee_code: f for f in FormerCommune.objects.filter(insee_code__in=set(codes) - found.keys())
              .select_related("current")}
    for code in dict.fromkeys(codes):
        if code in found:
            continue
        if code in former:
            f = former[code]
            problems.append(
                f"{code} ({f.name}) est une {f.KIND_LABELS[f.kind]} : elle fait partie de "
                f"{f.current.name}, code {f.current.insee_code}. Remplacez {code} par {f.current.insee_code}."
            )
        else:
            unknown.append(code)
    if unknown:
        problems.insert(0, "Codes ou noms inconnus du référentiel : " + ", ".join(unknown)
                        + ". Vérifiez-les (code INSEE à 5 caractères, ex. 62498).")
    doubles = [code for code, n in Counter(codes).items() if n > 1]
    if doubles:
        problems.append("Communes données plusieurs fois : " + ", ".join(
            f"{found[c].name if c in found else c} ({c})" for c in doubles)
            + ". Retirez les doublons (un EPCI choisi inclut déjà ses communes).")
    if not codes and not problems:
        problems.append("Aucune commune : donnez au moins un code INSEE, un nom ou un EPCI.")
    if problems:
        raise InvalidMembers(problems)
    return [found[c] for c in dict.fromkeys(codes)]


class NameTaken(ValueError):
    """The owner already has a custom territory of this name."""


def name_taken(owner, name: str, instance: Territory | None = None) -> bool:
    """Whether ``owner`` already has another territory named ``name`` (names are unique per owner)."""
    clash = Territory.objects.filter(owner=owner, name__iexact=name.strip())
    if instance is not None and instance.pk:
        clash = clash.exclude(pk=instance.pk)
    return clash.exists()


def save_territory(owner, name: str, description: str, communes: list[Commune],
                   instance: Territory | None = None, visibility: str | None = None) -> Territory:
    """Create or update a custom territory in one transaction (private unless ``visibility``)."""
    if name_taken(instance.owner if instance else owner, name, instance):
        raise NameTaken(f"Vous avez déjà un territoire nommé « {name.strip()} » : choisissez un autre nom.")
    if visibility is not None and visibility not in dict(Territory.VISIBILITIES):
        raise ValueError(f"Visibilité inconnue « {visibility} » : privé, partagé ou public.")
    with transaction.atomic():
        territory = instance or Territory(owner=owner)
        territory.name = name.strip()
        territory.description = description.strip()
        if visibility is not None:
            territory.visibility = visibility
        if instance is None or not territory.slug:
            base = slugify(territory.name)[:150] or "territoire"
            slug, n = base, 2
            while Territory.objects.filter(slug=slug).exclude(pk=territory.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            territory.slug = slug
        territory.save()
        territory.communes.set(communes)
    return territory


def shares(territory: Territory) -> dict[str, list]:
    """Users a territory is shared with: ``{"reader": [...], "editor": [...]}``."""
    from sante_locale.accounts.models import Role

    out: dict[str, list] = {"reader": [], "editor": []}
    for role in Role.objects.on(territory).filter(kind__in=out).select_related("user").order_by("user__username"):
        out[role.kind].append(role.user)
    return out


def set_shares(territory: Territory, readers: list, editors: list, by=None) -> None:
    """Share ``territory`` with exactly these readers and editors (roles on the territory)."""
    from sante_locale.accounts.models import Role, grant

    with transaction.atomic():
        Role.objects.on(territory).filter(kind__in=("reader", "editor")).delete()
        for user in editors:
            grant(user, "editor", territory, by=by)
        for user in readers:
            if user not in editors:
                grant(user, "reader", territory, by=by)
