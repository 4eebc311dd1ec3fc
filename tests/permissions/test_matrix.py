"""The permissions matrix: each case of ``cases_*.py`` × each role, and the checks that no
page, API operation or user-acting CLI command is without a case.

Each case builds the world once, then runs every role inside a transaction rolled back
afterwards (so a write by one role never changes what the next one sees)."""

from __future__ import annotations

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
from page_registry import all_cases, api_operations, case_url, page_names, user_commands
from permissions_helpers import fingerprint, table_counts
from world import ROLES, build_world

from sante_locale.core.formats import plain

CASES = all_cases()


# --- running one case ---------------------------------------------------------------------------


def refusals() -> int:
    from sante_locale.accounts.models import RefusedAttempt

    return RefusedAttempt.objects.count()


def _client(case: Case, world, role: str):
    """The client of ``role`` (logged in, or with its API token), made before the request is
    measured: logging in and issuing a token write, the request itself may not."""
    from sante_locale.accounts.models import APIToken

    client, headers = Client(enforce_csrf_checks=False), {}
    if world.users[role] is not None:
        if case.channel == "web":
            client.force_login(world.users[role])
        else:
            _, key = APIToken.issue(world.users[role], "matrice")
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client, headers


def _run_web(case: Case, world, client) -> tuple[str, object]:
    url = case_url(case, world)
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


def _run_api(case: Case, world, client, headers) -> tuple[str, object]:
    response = client.get(case_url(case, world), **headers)
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
    if code == 2:  # the CLI's human output is typeset the French way: read past it
        assert plain(err).startswith("Erreur : ") and "Traceback" not in err, err
    return {0: OK, 2: REFUSED}.get(code, str(code)), out


def _run(case: Case, world, role: str, tmp_path, capsys) -> str:
    expected = case.expect[role]
    if case.prepare is not None:
        case.prepare(world, tmp_path)
    if case.channel != "cli":
        client, headers = _client(case, world, role)
    reads = case.method == "GET" and case.channel != "cli"
    before, journal, tables = fingerprint(), refusals(), table_counts() if reads else None
    if case.channel == "web":
        outcome, result = _run_web(case, world, client)
    elif case.channel == "api":
        outcome, result = _run_api(case, world, client, headers)
    else:
        outcome, result = _run_cli(case, world, role, tmp_path, capsys)
    problems = []
    if reads and (table_counts() != tables or fingerprint() != before):
        problems.append(f"{role}: reading (GET) changed the database")
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
    from sante_locale.www.directory import cache

    cache.clear()  # the directory keeps anonymous pages per database state; each case has its own
    world = build_world()
    problems = []
    for role in ROLES:
        if case.expect[role] == NOT_APPLICABLE:
            continue
        with transaction.atomic():
            problem = _run(case, world, role, tmp_path, capsys)
            transaction.set_rollback(True)
        cache.clear()
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
