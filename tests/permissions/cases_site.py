"""Cases of the site's common pages: home, login, logout, accessibility statement, change
history, journal of refused attempts, API documentation (see ``cases.py``)."""

from cases import ADMINISTRATORS, EVERYONE, FORBIDDEN, LOGIN, OK, Case, outcomes

CASES = [
    Case("home", "web", "home page", EVERYONE),
    Case("accessibility", "web", "accessibility statement", EVERYONE),
    Case("login", "web", "login form", EVERYONE),
    Case("logout", "web", "log out (POST)", EVERYONE, method="POST", data=lambda w: {}, writes=False),
    Case("api_docs", "web", "API documentation page", EVERYONE),
    Case("history", "web", "history of this dispositif: those who may change it",
         outcomes(FORBIDDEN, admin=OK, coordinator=OK, anonymous=LOGIN),
         lambda w: {"label": "coordination.dispositif", "pk": w.this.pk}),
    Case("history", "web", "history of another dispositif's meeting",
         outcomes(FORBIDDEN, admin=OK, other_coordinator=OK, anonymous=LOGIN),
         lambda w: {"label": "coordination.meeting", "pk": w.other_meeting.pk}),
    Case("refusals", "web", "journal of refused attempts", ADMINISTRATORS),
]
