"""The one registry of how to reach every page: the cases of the permissions matrix.

``test_matrix.py`` runs each case for each role and fails on any page, API operation or
user-acting CLI command without a case; :func:`page_examples` gives other tests (the
security headers of ``tests/www/test_security.py``) one address per named URL from the same
cases, so that a new page needs one case only (importable by name: ``tests/permissions`` is
on pytest's ``pythonpath``).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from cases import NOT_APPLICABLE, OK, Case

HERE = Path(__file__).parent
#: the role whose client shows a page in :func:`page_examples`, first that may see it
EXAMPLE_ROLES = ("anonymous", "admin", "coordinator", "partner", "other_coordinator")


def all_cases() -> list[Case]:
    cases = []
    for path in sorted(HERE.glob("cases_*.py")):
        cases += importlib.import_module(path.stem).CASES
    return cases


def _walk(patterns=None, namespace: str = "", prefix: str = ""):
    """(name, route) of every named URL pattern; names carry their namespace (``api:…``)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, p.namespace or namespace, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), prefix + str(p.pattern)


def _as_openapi_path(route: str) -> str:
    """``api/reunions/<int:meeting_id>`` -> ``/api/reunions/{meeting_id}``."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def api_operations() -> set[str]:
    """Every operation of the OpenAPI document, as ``"GET /api/…/{id}"``."""
    from sante_locale.www.api import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods}


def page_names() -> set[str]:
    """Every named URL of the resolver but the API's operations (see :func:`api_operations`):
    the API's own pages (its OpenAPI document, its root) are pages too."""
    operations = {op.split(" ", 1)[1] for op in api_operations()}
    return {name for name, route in _walk() if _as_openapi_path(route) not in operations}


def user_commands() -> set[str]:
    """CLI commands that act for a user (they take ``--utilisateur``)."""
    from parser_tree import leaf_commands

    return {c.name for c in leaf_commands()
            if any("--utilisateur" in a.option_strings for a in c.parser._actions)}


def case_url(case: Case, world) -> str:
    """The address a web or API case requests."""
    from django.urls import reverse

    query = case.query(world) if callable(case.query) else case.query
    if case.channel == "web":
        return reverse(case.route, kwargs=case.args(world)) + query
    _, path = case.route.split(" ", 1)
    args = case.args(world)
    return re.sub(r"\{(\w+)\}", lambda m: str(args[m.group(1)]), path) + query


@dataclass(frozen=True)
class Example:
    name: str  # the URL's name, without namespace (as Django's resolver names it)
    url: str
    role: str  # whose client asks for it (a key of ``world.users``)
    case: Case


def _example_role(case: Case) -> str:
    ok = [r for r in EXAMPLE_ROLES if case.expect[r] == OK]
    return ok[0] if ok else next(r for r in ("admin", *EXAMPLE_ROLES) if case.expect[r] != NOT_APPLICABLE)


def page_examples(world) -> dict[str, Example]:
    """One example per named URL (pages and API routes), from the matrix's cases: a GET case
    that some role may see when there is one (asked by the first such role of
    :data:`EXAMPLE_ROLES`), else the address of a POST case (asked with GET by an
    administrator)."""
    from django.urls import resolve

    examples: dict[str, Example] = {}
    cases = [c for c in all_cases() if c.channel in ("web", "api")]
    cases.sort(key=lambda c: (c.method != "GET", OK not in c.expect.values()))
    for case in cases:
        url = case_url(case, world)
        name = resolve(urlsplit(url).path).url_name
        if name not in examples:
            role = _example_role(case) if case.method == "GET" else "admin"
            examples[name] = Example(name, url, role, case)
    return examples
