"""Cases of the site's common pages: home, login, logout, accessibility statement, change
history, journal of refused attempts, API documentation and the API's own routes (see
``cases.py``)."""

from cases import ADMINISTRATORS, EVERYONE, FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, outcomes


def _openapi_lists_the_operations(w, role, response):
    from page_registry import api_operations

    paths = response.json()["paths"]
    assert {f"{m.upper()} {p}" for p, ms in paths.items() for m in ms} == api_operations()

CASES = [
    Case("home", "web", "home page", EVERYONE),
    Case("accessibility", "web", "accessibility statement", EVERYONE),
    Case("login", "web", "login form", EVERYONE),
    Case("logout", "web", "log out (POST)", EVERYONE, method="POST", data=lambda w: {}, writes=False),
    Case("api_docs", "web", "API documentation page", EVERYONE),
    Case("api:openapi-json", "web", "the OpenAPI document", EVERYONE, check=_openapi_lists_the_operations),
    Case("api:api-root", "web", "the API's root is no page (French 404)", outcomes(NOT_FOUND)),
    Case("history", "web", "history of this dispositif: those who may change it",
         outcomes(FORBIDDEN, admin=OK, coordinator=OK, anonymous=LOGIN),
         lambda w: {"label": "coordination.dispositif", "pk": w.this.pk}),
    Case("history", "web", "history of another dispositif's meeting",
         outcomes(FORBIDDEN, admin=OK, other_coordinator=OK, anonymous=LOGIN),
         lambda w: {"label": "coordination.meeting", "pk": w.other_meeting.pk}),
    Case("refusals", "web", "journal of refused attempts", ADMINISTRATORS),
]
