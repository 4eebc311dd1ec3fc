"""Cases of the « Observer » pages: APL, nearest provider, scenarios, portraits, health
supply and imports (see ``cases.py``). The matrix's database has no health supply: APL
pages answer 409 « indisponible » to everyone who may see the territory."""

from cases import (
    ADMINISTRATORS,
    EVERYONE,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    UNAVAILABLE,
    Case,
    outcomes,
)

EPCI = {"level": "epci", "code": "246200364"}

CASES = [
    Case("apl", "web", "APL of an EPCI (no supply imported)", outcomes(UNAVAILABLE), lambda w: EPCI),
    Case("apl", "web", "APL of a private custom territory", outcomes(NOT_FOUND, admin=UNAVAILABLE,
                                                                    coordinator=UNAVAILABLE),
         lambda w: {"level": "territoire", "code": w.territory.slug}),
    Case("apl_nearest", "web", "nearest provider of an EPCI", outcomes(UNAVAILABLE), lambda w: EPCI),
    Case("apl_scenario", "web", "scenario form", outcomes(OK, anonymous=LOGIN), lambda w: EPCI),
    Case("portrait", "web", "portrait of an EPCI", EVERYONE, lambda w: EPCI),
    Case("portrait", "web", "portrait of a private custom territory", outcomes(NOT_FOUND, admin=OK, coordinator=OK),
         lambda w: {"level": "territoire", "code": w.territory.slug}),
    Case("portrait_file", "web", "portrait as CSV", EVERYONE, lambda w: {**EPCI, "fmt": "csv"}),
    Case("offer_professional", "web", "an unknown professional", outcomes(NOT_FOUND, anonymous=LOGIN),
         lambda w: {"rpps_id": "10000000000"}),
    Case("offer_imports", "web", "import page", ADMINISTRATORS),
    Case("offer_import_report", "web", "an import report", outcomes(FORBIDDEN, admin=NOT_FOUND, anonymous=LOGIN),
         lambda w: {"name": "absent.rapport.csv"}),
]
