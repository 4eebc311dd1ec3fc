"""Find territories: resolve a code to a unit, and search by name, code or postcode.

The search is accent- and case-insensitive, matches name prefixes (of the whole name or
of any word in it) and ranks exact code matches first, then by population. Five digits are
both an INSEE code and a postcode (« 62300 » is Équihen-Plage's code and Lens's postcode):
the search gives every commune of either, each hit saying which one it matched; a name with
a postcode (« Liévin 62800 », « 62800 liévin ») keeps the communes of that postcode.
"""

from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass, replace

from django.db.models import Q

from sante_locale.core.formats import collation_key
from sante_locale.core.geo import normalize_name
from sante_locale.territories.models import (
    EPCI,
    Commune,
    Departement,
    FormerCommune,
    Region,
    Territory,
)

LEVELS = {
    "commune": Commune,
    "epci": EPCI,
    "departement": Departement,
    "region": Region,
    "territoire": Territory,
}
LEVEL_LABELS = {
    "commune": "commune",
    "epci": "EPCI",
    "departement": "département",
    "region": "région",
    "territoire": "territoire personnalisé",
}
FEMININE_LEVELS = frozenset({"commune", "region"})
_DEPT = re.compile(r"^(\d{2}|2[ABab]|97\d)$")
_NAME_AND_POSTCODE = re.compile(r"^(?:(?P<code1>\d{5})\s+(?P<name1>.*\D.*)|(?P<name2>.*\D.*?)\s+(?P<code2>\d{5}))$")
#: Longest search or code accepted: the longest commune name has 45 characters, a territory name 200.
MAX_QUERY = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UnknownTerritory(Exception):
    """No territory has this code; the message (French) says what was tried and what to do."""


def _check_typed(text: str, search: bool) -> None:
    """Refuse a search or a code too long, or with control characters (PostgreSQL refuses NUL)."""
    if len(text) > MAX_QUERY:
        raise UnknownTerritory(
            f"Recherche trop longue ({len(text)} caractères, au plus {MAX_QUERY}) : tapez le début du nom ou du "
            "code du territoire." if search else
            f"Code trop long ({len(text)} caractères, au plus {MAX_QUERY}) : donnez un code INSEE, un SIREN "
            "d'EPCI ou le nom d'un territoire personnalisé.")
    if _CONTROL.search(text):
        raise UnknownTerritory("Recherche avec un caractère de contrôle (invisible) : retapez-la." if search else
                               "Code avec un caractère de contrôle (invisible) : retapez-le.")


@dataclass(frozen=True)
class Hit:
    level: str
    code: str
    name: str
    population: int | None
    context: str
    url: str
    matched: str = ""  # what a code query matched: « code INSEE 62300 », « code postal 62300 »

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]


def _key(level: str):
    return {"commune": "insee_code", "epci": "epci_siren", "departement": "departement_code",
            "region": "region_code", "territoire": "slug"}[level]


def get_unit(level: str, code: str):
    """The unit of ``level`` with ``code``, or :class:`UnknownTerritory`."""
    model = LEVELS.get(level)
    if model is None:
        raise UnknownTerritory(
            f"Niveau « {level} » inconnu : utilisez commune, epci, departement, region ou territoire."
        )
    _check_typed(code, search=False)
    unit = model.objects.filter(**{_key(level): code.upper() if level == "departement" else code}).first()
    if unit is None:
        raise UnknownTerritory(_unknown_message(level, code))
    return unit


def _unknown_message(level: str, code: str) -> str:
    if level == "commune":
        former = FormerCommune.objects.filter(insee_code=code).select_related("current").first()
        if former is not None:
            return (
                f"Le code {code} désigne {former.name}, {former.KIND_LABELS[former.kind]} : "
                f"elle fait aujourd'hui partie de {former.current.name} ({former.current.insee_code}). "
                f"Utilisez le code {former.current.insee_code}."
            )
    none = "Aucune" if level in FEMININE_LEVELS else "Aucun"  # un EPCI, un département ; une commune, une région
    return (
        f"{none} {LEVEL_LABELS[level]} n'a le code « {code} » dans le référentiel. "
        "Vérifiez le code, ou cherchez par le nom : sante-locale territoire chercher NOM."
    )


def resolve(text: str, user=None):
    """Resolve a code as typed by a user: ``62498``, ``epci:246200364``, ``62``, ``region:32``,
    ``2A``, or the name or identifier of a custom territory that ``user`` may see (``None``:
    public ones only; the CLI passes its operator)."""
    text = text.strip()
    if not text:
        raise UnknownTerritory("Code vide : donnez un code INSEE, un SIREN d'EPCI ou un nom de territoire.")
    _check_typed(text, search=False)
    if ":" in text:
        level, code = text.split(":", 1)
        level = normalize_name(level).replace(" ", "")
        return get_unit(level, code.strip())
    if re.fullmatch(r"\d{9}", text):
        return get_unit("epci", text)
    if re.fullmatch(r"[0-9][0-9AB]\d{3}", text, flags=re.IGNORECASE):
        return get_unit("commune", text.upper())
    if _DEPT.match(text):
        return get_unit("departement", text.upper())
    visible = Territory.objects.visible_to(user)
    custom = visible.filter(slug=text).first()
    if custom is not None:
        return custom
    named = list(visible.filter(name__iexact=text).select_related("owner")[:5])
    if len(named) == 1:
        return named[0]
    if named:
        raise UnknownTerritory(f"Plusieurs territoires personnalisés s'appellent « {text} » : donnez leur identifiant, "
                               + ", ".join(f"{t.slug} (de {t.owner.username})" for t in named) + ".")
    raise UnknownTerritory(
        f"« {text} » n'est ni un code connu ni un territoire personnalisé. Exemples : 62498 (commune), "
        "epci:246200364, 62 (département), region:32, ou le nom d'un territoire personnalisé."
    )


class _WordIndex:
    """Sorted word suffixes of every commune name ("courcelles les lens", "les lens", "lens"),
    so that a prefix of any word is found by bisection instead of a scan of 35,000 rows.
    Rebuilt when a new reference import is recorded."""

    def __init__(self):
        self._lock = threading.Lock()
        self._stamp = None
        self._keys: list[str] = []
        self._ids: list[int] = []
        self._populations: dict[int, int] = {}

    def ids(self, prefix: str, top: int) -> list[int]:
        """Ids of the ``top`` most populated communes with a word starting with ``prefix``."""
        from sante_locale.territories.models import ReferenceVintage

        stamp = ReferenceVintage.objects.values_list("pk", "imported_at").first()
        with self._lock:
            if stamp != self._stamp:
                entries = []
                self._populations = {}
                for pk, name, population in Commune.objects.values_list("pk", "search_name", "population"):
                    self._populations[pk] = population or 0
                    words = name.split(" ")
                    entries += [(" ".join(words[i:]), pk) for i in range(len(words))]
                entries.sort()
                self._keys = [k for k, _ in entries]
                self._ids = [pk for _, pk in entries]
                self._stamp = stamp
            start = bisect.bisect_left(self._keys, prefix)
            end = bisect.bisect_left(self._keys, prefix + "\uffff")
            found = set(self._ids[start:end])
            return sorted(found, key=lambda pk: -self._populations[pk])[:top]


_COMMUNE_WORDS = _WordIndex()


def _commune_context(commune) -> str:
    dept = commune.departement
    return f"{commune.kind_label} · {dept.name} ({dept.departement_code})" if dept else commune.kind_label


def _postcode_hits(code: str, folded_name: str = "") -> list[tuple[tuple, Hit]]:
    """The communes of postcode ``code`` (whose name has a word starting with ``folded_name``)."""
    communes = Commune.objects.filter(postcodes__code=code).select_related("departement").distinct()
    if folded_name:
        communes = communes.filter(Q(search_name__startswith=folded_name) |
                                   Q(search_name__contains=" " + folded_name))
    out = []
    for commune in communes.order_by("-population", "name"):
        hit = Hit("commune", commune.insee_code, commune.name, commune.population, _commune_context(commune),
                  commune.get_absolute_url(), f"code postal {code}")
        out.append(((0, -(commune.population or 0), collation_key(commune.name)), hit))
    return out


def search(query: str, limit: int = 20, user=None) -> list[Hit]:
    """Territories whose name or code starts with ``query``, best first; five digits also find
    the communes of that postcode, and a name with a postcode the communes of both. Custom
    territories only where ``user`` may see them (``None``: public ones).

    Raises :class:`UnknownTerritory` for an empty query or one longer than :data:`MAX_QUERY`.
    """
    _check_typed(query or "", search=True)
    folded = normalize_name(query or "")
    if not folded:
        raise UnknownTerritory("Recherche vide : tapez au moins une lettre ou un chiffre d'un nom ou d'un code.")
    raw = query.strip().upper()
    both = _NAME_AND_POSTCODE.match(query.strip())
    if both:
        code, name = both["code1"] or both["code2"], normalize_name(both["name1"] or both["name2"])
        found = _postcode_hits(code, name)
        if found:
            return [hit for _, hit in found[:limit]]
        if name:
            return search(both["name1"] or both["name2"], limit, user)  # a wrong postcode: the name alone
    hits: list[tuple[tuple, Hit]] = []

    def name_filter(field: str = "search_name") -> Q:
        # prefix of the whole name (uses the index), or of any word inside it
        end = folded + "\uffff"
        return Q(**{f"{field}__gte": folded, f"{field}__lt": end}) | Q(**{f"{field}__contains": " " + folded})

    code_hit = re.fullmatch(r"[0-9][0-9AB]*", raw) is not None
    for region in Region.objects.filter(name_filter() | Q(region_code=raw)).only(
            "region_code", "name", "search_name", "population")[:limit]:
        hits.append(_rank(region, raw, folded, "region", region.region_code, "Région"))
    for dept in Departement.objects.filter(name_filter() | Q(departement_code=raw)).select_related("region").only(
            "departement_code", "name", "search_name", "population", "region__name")[:limit]:
        hits.append(_rank(dept, raw, folded, "departement", dept.departement_code, dept.region.name))
    epci_q = name_filter() | (Q(epci_siren__startswith=raw) if code_hit else Q(pk__in=[]))
    for epci in EPCI.objects.filter(epci_q).only("epci_siren", "name", "search_name", "population", "kind")[:limit]:
        hits.append(_rank(epci, raw, folded, "epci", epci.epci_siren, epci.kind_label))
    commune_q = Q(pk__in=_COMMUNE_WORDS.ids(folded, limit * 3)) | Q(search_name=folded) | (
        Q(insee_code__startswith=raw) if code_hit and len(raw) >= 3 else Q(pk__in=[]))
    communes = (Commune.objects.filter(commune_q).select_related("departement")
                .only("insee_code", "name", "search_name", "population", "kind", "departement__name", "departement__departement_code")
                .order_by("-population")[: limit * 3])
    for commune in communes:
        hits.append(_rank(commune, raw, folded, "commune", commune.insee_code, _commune_context(commune)))
    if re.fullmatch(r"\d{5}", raw):
        by_code = {hit.code: i for i, (_, hit) in enumerate(hits) if hit.level == "commune"}
        for rank, hit in _postcode_hits(raw):
            if hit.code in by_code:  # its INSEE code and one of its postcodes
                old_rank, old = hits[by_code[hit.code]]
                hits[by_code[hit.code]] = (old_rank, replace(old, matched=f"code INSEE et code postal {raw}"))
            else:
                hits.append((rank, hit))
    for territory in Territory.objects.visible_to(user).filter(
            Q(name__icontains=query.strip()) | Q(slug__startswith=folded))[:limit]:
        hits.append(((2, 0, collation_key(territory.name)), Hit("territoire", territory.slug, territory.name, None,
                                                     "Territoire personnalisé", territory.get_absolute_url())))
    hits.sort(key=lambda pair: pair[0])
    return [hit for _, hit in hits[:limit]]


def _rank(unit, raw: str, folded: str, level: str, code: str, context: str) -> tuple[tuple, Hit]:
    exact_code = code.upper() == raw
    starts = unit.search_name.startswith(folded) if hasattr(unit, "search_name") else False
    exact_name = normalize_name(unit.name) == folded
    population = unit.population or 0
    # exact code first, then names: exact, then whole-name prefix, then word prefix;
    # larger populations first within each group
    group = 0 if exact_code else (1 if exact_name else (2 if starts else 3))
    matched = f"code INSEE {code}" if exact_code and level == "commune" else ""
    hit = Hit(level, code, unit.name, unit.population, context, unit.get_absolute_url(), matched)
    return (group, -population, collation_key(unit.name)), hit
