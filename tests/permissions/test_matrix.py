"""The permissions matrix: each case of ``cases_*.py`` × each role, and the checks that no
page, API operation or user-acting CLI command is without a case.

Each case builds the world once, then runs every role inside a transaction rolled back
afterwards (so a write by one role never changes what the next one sees)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from cases import (
    FORBIDDEN,
    INVALID,
    LOGIN,
    NOT_APPLICABLE,
    NOT_FOUND,
    OK,
    REFUSED,
    UNAVAILABLE,
    Case,
)
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from permissions_helpers import fingerprint
from world import ROLES, build_world

HERE = Path(__file__).parent


def all_cases() -> list[Case]:
    cases = []
    for path in sorted(HERE.glob("cases_*.py")):
        cases += importlib.import_module(path.stem).CASES
    return cases


CASES = all_cases()


def page_names(patterns=None, namespace: str = "") -> set[str]:
    """Every named page of the URL resolver (the API's own routes apart: see the OpenAPI check)."""
    names = set()
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "api":
                continue
            names |= page_names(p.url_patterns, p.namespace or namespace)
        elif isinstance(p, URLPattern) and p.name:
            names.add(f"{namespace}:{p.name}" if namespace else p.name)
    return names


def api_operations() -> set[str]:
    from sante_locale.www.api import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods}


def user_commands() -> set[str]:
    """CLI commands that act for a user (they take ``--utilisateur``)."""
    from parser_tree import leaf_commands

    return {c.name for c in leaf_commands()
            if any("--utilisateur" in a.option_strings for a in c.parser._actions)}


# --- running one case ---------------------------------------------------------------------------


def refusals() -> int:
    from sante_locale.accounts.models import RefusedAttempt

    return RefusedAttempt.objects.count()


def _run_web(case: Case, world, role: str) -> tuple[str, object]:
    client = Client(enforce_csrf_checks=False)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    url = reverse(case.route, kwargs=case.args(world)) + case.query
    response = client.post(url, case.data(world)) if case.method == "POST" else client.get(url)
    if response.streaming:  # a file: read it whole, then close the file only (response.close() would
        b"".join(response.streaming_content)  # signal the end of a request, which closes the database connection)
        for close in response._resource_closers:
            close()
        response._resource_closers.clear()
    status = response.status_code
    if status == 302 and response["Location"].startswith("/connexion/"):
        return LOGIN, response
    outcome = {200: OK, 302: OK, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND, 409: UNAVAILABLE}.get(status, str(status))
    if outcome in (FORBIDDEN, NOT_FOUND, INVALID, UNAVAILABLE):
        text = response.content.decode()
        assert '<html lang="fr">' in text and "Traceback" not in text, f"{url}: not a French error page"
    if outcome == OK and case.method == "GET":
        assert status == 200, f"{url}: {status}"
    return outcome, response


def _run_api(case: Case, world, role: str) -> tuple[str, object]:
    from sante_locale.accounts.models import APIToken

    method, path = case.route.split(" ", 1)
    url = re.sub(r"\{(\w+)\}", lambda m: str(case.args(world)[m.group(1)]), path) + case.query
    headers = {}
    if world.users[role] is not None:
        _, key = APIToken.issue(world.users[role], "matrice")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    response = Client().get(url, **headers)
    outcome = {200: OK, 401: LOGIN, 403: FORBIDDEN, 404: NOT_FOUND}.get(response.status_code, str(response.status_code))
    if outcome != OK:
        assert set(response.json()) == {"detail"} and response.json()["detail"], "French JSON error expected"
    return outcome, response


def _run_cli(case: Case, world, role: str, tmp_path, capsys) -> tuple[str, object]:
    from sante_locale.cli.main import main

    argv = [a.replace("{tmp}", str(tmp_path)) for a in case.args(world)]
    argv += ["--utilisateur", world.users[role].username]
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    if code == 2:
        assert err.startswith("Erreur : ") and "Traceback" not in err
    return {0: OK, 2: REFUSED}.get(code, str(code)), out


def _run(case: Case, world, role: str, tmp_path, capsys) -> str:
    expected = case.expect[role]
    before, journal = fingerprint(), refusals()
    if case.channel == "web":
        outcome, result = _run_web(case, world, role)
    elif case.channel == "api":
        outcome, result = _run_api(case, world, role)
    else:
        outcome, result = _run_cli(case, world, role, tmp_path, capsys)
    problems = []
    if outcome != expected:
        problems.append(f"{role}: expected {expected}, got {outcome}")
    elif case.method == "POST" and case.channel == "web":
        changed = fingerprint() != before
        if expected == OK and case.writes and not changed:
            problems.append(f"{role}: a successful write changed nothing")
        if expected != OK and changed:
            problems.append(f"{role}: a refused write changed the database")
        if expected not in (OK, LOGIN) and refusals() == journal:
            problems.append(f"{role}: a refused write is missing from the journal of refused attempts")
    if not problems and expected == OK and case.check is not None:
        case.check(world, role, result)
    return "; ".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_case(case, tmp_path, capsys):
    world = build_world()
    problems = []
    for role in ROLES:
        if case.expect[role] == NOT_APPLICABLE:
            continue
        with transaction.atomic():
            problem = _run(case, world, role, tmp_path, capsys)
            transaction.set_rollback(True)
        if problem:
            problems.append(problem)
    assert not problems, f"{case.id}: " + " | ".join(problems)


# --- nothing escapes -----------------------------------------------------------------------------


def test_every_page_has_a_case():
    covered = {c.route for c in CASES if c.channel == "web"}
    missing = sorted(page_names() - covered)
    assert not missing, f"pages without a case in tests/permissions/cases_*.py: {missing}"


def test_every_api_operation_has_a_case():
    covered = {c.route for c in CASES if c.channel == "api"}
    missing = sorted(api_operations() - covered)
    assert not missing, f"API operations without a case: {missing}"


def test_every_command_acting_for_a_user_has_a_case():
    covered = {c.route for c in CASES if c.channel == "cli"}
    missing = sorted(user_commands() - covered)
    assert not missing, f"CLI commands with --utilisateur without a case: {missing}"


def test_cases_name_real_routes():
    """A case for a route that no longer exists is a mistake too."""
    routes = page_names() | api_operations() | user_commands()
    unknown = sorted({c.route for c in CASES} - routes)
    assert not unknown, unknown
