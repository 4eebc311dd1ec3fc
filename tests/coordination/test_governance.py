"""Governance: decisions waiting for follow-up (late ones first), agendas as ICS parsed
back with icalendar, subscribable calendar URLs (no session, revocable, read-only)."""

import datetime as dt

import icalendar
import pytest
from django.test import Client
from world import PARIS, build_world

from sante_locale.coordination import governance
from sante_locale.coordination.factories import DecisionFactory, MeetingFactory
from sante_locale.coordination.models import AgendaItem, CalendarToken, Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return build_world()


def test_pending_decisions_late_first_then_by_due_date(w):
    meeting = w.this_meeting
    Decision.objects.filter(meeting=meeting).delete()
    later = DecisionFactory(meeting=meeting, text="plus tard", due_on=dt.date(2027, 3, 1))
    very_late = DecisionFactory(meeting=meeting, text="très en retard", due_on=dt.date(2026, 6, 1))
    late = DecisionFactory(meeting=meeting, text="en retard", due_on=dt.date(2026, 11, 30))
    undated = DecisionFactory(meeting=meeting, text="sans échéance", due_on=None)
    soon = DecisionFactory(meeting=meeting, text="bientôt", due_on=dt.date(2026, 12, 10), status="in_progress")
    DecisionFactory(meeting=meeting, text="faite", due_on=dt.date(2026, 1, 1), status="done")
    DecisionFactory(meeting=meeting, text="abandonnée", due_on=dt.date(2026, 1, 1), status="dropped")
    pending = governance.pending_decisions(w.users["coordinator"], w.this)
    assert [p.decision for p in pending] == [very_late, late, soon, later, undated]
    assert [p.late for p in pending] == [True, True, False, False, False]
    assert pending[0].days_late == (dt.date(2026, 12, 3) - dt.date(2026, 6, 1)).days  # today is 3 December 2026
    client = Client()
    client.force_login(w.users["coordinator"])
    page = client.get("/decisions/a-suivre/").content.decode()
    assert page.index("très en retard") < page.index("en retard de 3 jours") < page.index("plus tard")
    assert "faite" not in page and w.other_decision.text not in page.replace("&#x27;", "'")


def _events(body: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(body)
    return [c for c in calendar.walk("VEVENT")]


def test_dispositif_agenda_as_ics_parsed_back(w):
    meeting = w.this_meeting
    AgendaItem.objects.create(meeting=meeting, order=2, title="Avenant au contrat")
    client = Client()
    client.force_login(w.users["partner"])  # invited: sees the meeting
    response = client.get(f"/dispositifs/{w.this.pk}/agenda.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    (event,) = _events(response.content)
    assert str(event["summary"]) == meeting.title and str(event["location"]) == meeting.place
    start = event.decoded("dtstart")
    assert start == dt.datetime(2026, 12, 10, 14, 0, tzinfo=PARIS) and start.utcoffset() == dt.timedelta(hours=1)
    assert event.decoded("dtend") - start == dt.timedelta(hours=2)
    assert "Avenant au contrat" in str(event["description"]) and str(event["uid"]) == f"reunion-{meeting.pk}@sante-locale"


def test_my_agenda_holds_only_what_i_may_see(w):
    MeetingFactory(body=w.other_body, title="Réunion de l'autre", is_public=False)
    client = Client()
    client.force_login(w.users["coordinator"])
    titles = {str(e["summary"]) for e in _events(client.get("/mon-agenda.ics").content)}
    assert w.this_meeting.title in titles and "Réunion de l'autre" not in titles


def test_subscription_url_needs_no_session_and_can_be_revoked(w):
    client = Client()
    client.force_login(w.users["coordinator"])
    page = client.post("/agendas/abonnements/", {"dispositif": w.this.pk}).content.decode()
    url = page.split('id="lien-cree" type="text" readonly value="')[1].split('"')[0]
    assert url.startswith("http://testserver/agendas/cal_") and url.endswith(".ics")
    token = CalendarToken.objects.filter(user=w.users["coordinator"], dispositif=w.this).get()
    assert url.split("/agendas/")[1][:-4] not in token.digest  # only the digest is stored
    anonymous = Client()
    feed = anonymous.get(url.replace("http://testserver", ""))
    assert feed.status_code == 200 and [str(e["summary"]) for e in _events(feed.content)] == [w.this_meeting.title]
    assert anonymous.post(url.replace("http://testserver", "")).status_code in (403, 405)  # read-only
    client.post(f"/agendas/abonnements/{token.pk}/revoquer/")
    gone = anonymous.get(url.replace("http://testserver", ""))
    assert gone.status_code == 404 and "révoqué" in gone.content.decode()


def test_a_token_follows_the_rights_of_its_user(w):
    from sante_locale.accounts.models import Role

    token, key = governance.issue_token(w.users["partner"])
    assert [m.pk for m in governance.token_meetings(token)] == [w.this_meeting.pk]
    Role.objects.filter(user=w.users["partner"]).delete()  # the partner loses the role
    assert list(governance.token_meetings(governance.token_for(key))) == []


def test_a_shared_body_serves_two_dispositifs(w):
    from sante_locale.coordination.factories import DispositifFactory
    from sante_locale.coordination.models import Body

    asv = DispositifFactory(name="ASV (essai)")
    body = Body.objects.create(name="COPIL commun", kind="copil")
    body.dispositifs.set([w.this, asv])
    meeting = MeetingFactory(body=body, title="COPIL commun CLS-ASV")
    assert meeting in governance.agenda(w.users["coordinator"], asv)  # coordinator of the CLS: edits it too
    assert meeting in governance.agenda(w.users["coordinator"], w.this)
