"""Governance reading: agendas, decisions waiting for follow-up, calendars (ICS) and the
secret tokens of subscribable calendar URLs.

ICS files are written by the ``icalendar`` library (RFC 5545); times are Europe/Paris.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar
from django.db.models import Case, IntegerField, Value, When

from sante_locale.coordination.models import CalendarToken, Decision, Dispositif, Meeting
from sante_locale.core import clock

PARIS = ZoneInfo("Europe/Paris")
CALENDAR_DOMAIN = "sante-locale"


def agenda(user, dispositif: Dispositif | None = None, past_days: int = 60):
    """Meetings ``user`` may see (of ``dispositif`` when given), from ``past_days`` ago on."""
    since = clock.now() - dt.timedelta(days=past_days)
    qs = Meeting.objects.visible_to(user)
    if dispositif is not None:
        qs = qs.filter(pk__in=Meeting.objects.of_dispositif(dispositif).values("pk"))
    return (qs.filter(starts_at__gte=since).select_related("body").prefetch_related("body__dispositifs")
            .order_by("starts_at", "pk"))


@dataclass
class PendingDecision:
    decision: Decision
    late: bool
    days_late: int


def pending_decisions(user, dispositif: Dispositif | None = None) -> list[PendingDecision]:
    """Decisions not yet followed up that ``user`` may see: late ones first (most late
    first), then by due date, then those without a due date."""
    today = clock.today()
    qs = Decision.objects.visible_to(user).pending()
    if dispositif is not None:
        qs = qs.filter(meeting__in=Meeting.objects.of_dispositif(dispositif).values("pk"))
    qs = qs.annotate(no_date=Case(When(due_on__isnull=True, then=Value(1)), default=Value(0),
                                  output_field=IntegerField()))
    out = []
    for decision in qs.select_related("owner", "meeting__body").order_by("no_date", "due_on", "pk"):
        late = decision.due_on is not None and decision.due_on < today
        out.append(PendingDecision(decision, late, (today - decision.due_on).days if late else 0))
    return sorted(out, key=lambda p: (not p.late, 0 if p.late else 1))  # stable: keeps due-date order


def meeting_dispositifs(meeting: Meeting) -> str:
    return ", ".join(d.name for d in meeting.body.dispositifs.all())


def calendar(meetings, name: str) -> bytes:
    """An iCalendar file (RFC 5545) of ``meetings``."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Santé Locale//agenda des instances//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", f"reunion-{meeting.pk}@{CALENDAR_DOMAIN}")
        event.add("summary", meeting.title)
        event.add("dtstart", meeting.starts_at.astimezone(PARIS))
        event.add("dtend", (meeting.ends_at or meeting.starts_at + dt.timedelta(hours=2)).astimezone(PARIS))
        event.add("dtstamp", clock.now().astimezone(dt.UTC))
        if meeting.place:
            event.add("location", meeting.place)
        lines = [f"Instance : {meeting.body.name} ({meeting.body.get_kind_display()})",
                 f"Dispositifs : {meeting_dispositifs(meeting)}"]
        items = list(meeting.agenda.all())
        if items:
            lines.append("Ordre du jour :")
            lines += [f"{n}. {item.title}" for n, item in enumerate(items, 1)]
        event.add("description", "\n".join(lines))
        event.add("status", {"planned": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}[meeting.status])
        cal.add_component(event)
    return cal.to_ical()


# --- subscribable calendar URLs ----------------------------------------------------------------


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(user, dispositif: Dispositif | None = None) -> tuple[CalendarToken, str]:
    """A new secret calendar key for ``user`` (all their meetings, or one dispositif's).
    Only its digest is kept: the key is shown once."""
    key = "cal_" + secrets.token_urlsafe(24)
    return CalendarToken.objects.create(user=user, dispositif=dispositif, digest=_digest(key)), key


def token_for(key: str) -> CalendarToken | None:
    """The token of ``key`` if it exists and its user is active (reading it stores nothing)."""
    token = CalendarToken.objects.select_related("user", "dispositif").filter(digest=_digest(key or "")).first()
    if token is None or not token.user.is_active:
        return None
    return token


def token_meetings(token: CalendarToken):
    """What a calendar URL shows: the meetings its user may see now (of its dispositif)."""
    return agenda(token.user, token.dispositif, past_days=365).prefetch_related("agenda")
