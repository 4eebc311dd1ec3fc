"""The permissions matrix: the format of a case.

Every page (a name of the URL resolver), every API operation (method and path of the
OpenAPI document) and every CLI command acting for a user (``--utilisateur``) must have at
least one :class:`Case`; ``test_matrix.py`` fails on any route without one, so a new page
cannot escape. Each case is run for each role of :data:`world.ROLES`.

Add the cases of a domain in a module ``cases_<domain>.py`` of this folder, with a list
named ``CASES`` (the modules are found by name). A case says::

    Case(
        route="funding_edit",                 # URL name | "GET /api/…/{id}" | "dispositif montrer"
        channel="web",                        # "web", "api" or "cli"
        label="another dispositif's funding line through this one's URL",
        args=lambda w: {"pk": w.this.pk, "item": w.other_funding.pk},  # URL kwargs (web/api), argv (cli)
        method="POST",                        # web: GET or POST (POST sends ``data`` with a CSRF token)
        data=lambda w: {...},                 # the POST body
        expect=outcomes(admin=NOT_FOUND, coordinator=NOT_FOUND, ...),   # one outcome per role
        check=lambda w, role, result: ...,    # optional: asserts on the response/output
        prepare=lambda w, tmp_path: ...,      # optional: before each role (e.g. write a file to import)
    )

The same cases are the site's one registry of how to reach every page:
``page_registry.page_examples`` gives ``tests/www/test_security.py`` one address per page
(and per API route) from them, so a new page needs one case only.

Outcomes: ``OK`` (web GET 200; web POST 302 to another page and something changed; API
200; CLI exit 0), ``LOGIN`` (302 to the login page), ``FORBIDDEN`` (the French 403 page),
``NOT_FOUND`` (the French 404, also for an object the user may not see), ``REFUSED`` (CLI:
exit 2 with a French message), ``INVALID`` (web: 400, the form again with French
messages), ``UNAVAILABLE`` (409: the page cannot be computed, for
every role alike), ``NOT_APPLICABLE`` (no such role on this channel: the CLI has no
anonymous visitor). For every refused write (a POST whose outcome is not ``OK``), the
matrix also checks that nothing changed and, unless the outcome is ``LOGIN``, that the
attempt is in the journal of refused attempts; for every read (a web or API GET, whatever
its outcome), that no table changed (the journal of refused attempts apart).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from world import ROLES

OK = "ok"
LOGIN = "login"
FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"
REFUSED = "refused"
UNAVAILABLE = "unavailable"
INVALID = "invalid"
NOT_APPLICABLE = "not_applicable"
OUTCOMES = {OK, LOGIN, FORBIDDEN, NOT_FOUND, REFUSED, UNAVAILABLE, INVALID, NOT_APPLICABLE}


def outcomes(default: str | None = None, **by_role: str) -> dict[str, str]:
    """One outcome per role: ``default`` for the roles not named.

    >>> outcomes(OK, anonymous=LOGIN)["anonymous"], outcomes(OK)["partner"]
    ('login', 'ok')
    """
    unknown = set(by_role) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    out = {role: by_role.get(role, default) for role in ROLES}
    missing = [role for role, value in out.items() if value is None]
    if missing:
        raise ValueError(f"no outcome for roles {missing}")
    return out


#: every role may (public pages)
EVERYONE = outcomes(OK)
#: logged-in users may; anonymous visitors are sent to the login page
LOGGED_IN = outcomes(OK, anonymous=LOGIN)
#: readers of ``this`` (a private dispositif): its coordinator, its partner, administrators
READERS_OF_THIS = outcomes(OK, other_coordinator=NOT_FOUND, anonymous=NOT_FOUND)
#: readers of ``other``
READERS_OF_OTHER = outcomes(OK, coordinator=NOT_FOUND, partner=NOT_FOUND, anonymous=NOT_FOUND)
#: editors of ``this`` (its coordinator, administrators); the partner reads but may not write
EDITORS_OF_THIS = outcomes(OK, other_coordinator=NOT_FOUND, partner=FORBIDDEN, anonymous=NOT_FOUND)
#: editors of ``other``: the coordinator of ``this`` does not see it
EDITORS_OF_OTHER = outcomes(OK, coordinator=NOT_FOUND, partner=NOT_FOUND, anonymous=NOT_FOUND)
#: an id of another dispositif's object through this one's URL: « introuvable » even for the
#: coordinator of this one and administrators (the partner may not write at all: 403)
FORGED = outcomes(NOT_FOUND, partner=FORBIDDEN)
#: administrators only (logged-in others: 403)
ADMINISTRATORS = outcomes(FORBIDDEN, admin=OK, anonymous=LOGIN)


@dataclass(frozen=True)
class Case:
    route: str
    channel: str
    label: str
    expect: dict[str, str]
    args: Callable = field(default=lambda w: {})
    method: str = "GET"
    data: Callable | None = None
    query: str | Callable = ""  # the query string, or world -> query string
    check: Callable | None = None
    writes: bool = True  # a POST that changes the database when it succeeds (logout does not)
    prepare: Callable | None = None  # (world, tmp_path) -> None, run before each role

    def __post_init__(self):
        assert self.channel in ("web", "api", "cli"), self.channel
        assert set(self.expect) == set(ROLES), f"{self.route}: one outcome per role"
        assert set(self.expect.values()) <= OUTCOMES, self.expect

    @property
    def id(self) -> str:
        return f"{self.channel}:{self.method}:{self.route}:{self.label}"
