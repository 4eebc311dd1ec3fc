"""Cases of territories: search, official and custom territories, perimeters API (see
``cases.py``). ``territory`` is a private custom territory of the coordinator."""

from cases import EVERYONE, LOGGED_IN, LOGIN, NOT_FOUND, OK, Case, outcomes

PRIVATE = outcomes(NOT_FOUND, admin=OK, coordinator=OK)
OWNER_PAGES = outcomes(NOT_FOUND, admin=OK, coordinator=OK, anonymous=LOGIN)

CASES = [
    Case("search", "web", "search", EVERYONE, query="?q=lievin"),
    Case("territory", "web", "an official EPCI", EVERYONE, lambda w: {"level": "epci", "code": "246200364"}),
    Case("territory", "web", "a private custom territory", PRIVATE,
         lambda w: {"level": "territoire", "code": w.territory.slug}),
    Case("custom_index", "web", "my territories", LOGGED_IN),
    Case("custom_new", "web", "new territory form", LOGGED_IN),
    Case("custom_new", "web", "create a territory", outcomes(OK, anonymous=LOGIN), method="POST",
         data=lambda w: {"name": "Lens et Liévin", "description": "", "members": "62498, 62510", "epci": "",
                         "visibility": "private", "readers": "", "editors": ""}),
    Case("custom_edit", "web", "edit the coordinator's private territory", OWNER_PAGES,
         lambda w: {"slug": w.territory.slug}),
    Case("custom_delete", "web", "delete the coordinator's private territory", OWNER_PAGES,
         lambda w: {"slug": w.territory.slug}),
    Case("custom_delete", "web", "delete another's private territory (POST)",
         outcomes(NOT_FOUND, admin=OK, other_coordinator=OK, anonymous=LOGIN),
         lambda w: {"slug": w.other_territory.slug}, method="POST", data=lambda w: {}),
    Case("GET /api/perimetres/", "api", "visible perimeters", EVERYONE),
    Case("GET /api/perimetres/{slug}", "api", "a private perimeter", PRIVATE, lambda w: {"slug": w.territory.slug}),
]
