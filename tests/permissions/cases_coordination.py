"""Cases of the « Coordonner » pillar: dispositifs, structures, governance, articulation,
their API and CLI (see ``cases.py`` for the format)."""

from __future__ import annotations

import json

from cases import (
    EDITORS_OF_OTHER,
    EDITORS_OF_THIS,
    EVERYONE,
    FORBIDDEN,
    FORGED,
    INVALID,
    LOGGED_IN,
    LOGIN,
    NOT_APPLICABLE,
    NOT_FOUND,
    OK,
    READERS_OF_OTHER,
    READERS_OF_THIS,
    REFUSED,
    Case,
    outcomes,
)
from permissions_helpers import page_text


def web(route, label, expect, args=lambda w: {}, **kw):
    return Case(route, "web", label, expect, args, **kw)


def post(route, label, expect, args, data, **kw):
    return Case(route, "web", label, expect, args, method="POST", data=data, **kw)


def this(w):
    return {"pk": w.this.pk}


def _dispositif_data(w, name="CLS modifié"):
    from sante_locale.coordination.models import DispositifKind

    return {"name": name, "kind": DispositifKind.objects.get(key="cls").pk, "perimeter_mode": "official",
            "perimeter_code": "62498", "carrier": w.this.carrier_id, "coordinator": "", "coordinator_fte": "0,5",
            "status": "active", "description": ""}


def _sees_only_visible(w, role, response):
    """A list shows this dispositif to its readers and never the other to them."""
    html = page_text(response)
    if role in ("coordinator", "partner"):
        assert w.this.name in html and w.other.name not in html
    if role == "other_coordinator":
        assert w.this.name not in html
    if role == "anonymous":
        assert w.this.name not in html and "essai" not in html.replace("CLSM public (essai)", "")


def _api_ids(w, role, response, visible):
    ids = {item["id"] for item in response.json()["items"]}
    assert ids == visible(w, role), (role, ids)


def _visible_dispositifs(w, role):
    from sante_locale.coordination.models import Dispositif

    return set(Dispositif.objects.visible_to(w.users[role]).values_list("pk", flat=True)) if w.users[role] \
        else set(Dispositif.objects.filter(is_public=True).values_list("pk", flat=True))


def _visible_meetings(w, role):
    from django.contrib.auth.models import AnonymousUser

    from sante_locale.coordination.models import Meeting

    return set(Meeting.objects.visible_to(w.users[role] or AnonymousUser()).values_list("pk", flat=True))


def _pending_has_only_visible(w, role, response):
    html = page_text(response)
    if role == "coordinator":
        assert w.this_decision.text in html and w.other_decision.text not in html
    if role == "other_coordinator":
        assert w.other_decision.text in html and w.this_decision.text not in html


def _feed_has_this_meeting(w, role, response):
    text = response.content.decode()
    assert "BEGIN:VCALENDAR" in text and w.this_meeting.title[:30] in text.replace("\r\n ", "")
    assert w.other_meeting.title[:30] not in text.replace("\r\n ", "")


def _cli_json_ids(w, role, output):
    ids = {row["id"] for row in json.loads(output)}
    assert ids == _visible_dispositifs(w, role)


def _cli_articulation(w, role, output):
    names = {d["name"] for d in json.loads(output)["dispositifs"]}
    assert (w.this.name in names) == (role in ("admin", "coordinator", "partner"))


CLI = {"anonymous": NOT_APPLICABLE}

CASES = [
    # --- dispositifs -------------------------------------------------------------------
    web("dispositif_list", "list filtered to what the user may see", EVERYONE, check=_sees_only_visible),
    web("dispositif_new", "creation form", LOGGED_IN),
    post("dispositif_new", "create a dispositif", outcomes(OK, anonymous=FORBIDDEN), lambda w: {},
         lambda w: _dispositif_data(w, "Nouveau CLS")),
    web("dispositif", "this dispositif (private)", READERS_OF_THIS, this),
    web("dispositif", "another dispositif", READERS_OF_OTHER, lambda w: {"pk": w.other.pk}),
    web("dispositif", "a public dispositif", EVERYONE, lambda w: {"pk": w.public_dispositif.pk}),
    web("dispositif_edit", "edit form", EDITORS_OF_THIS, this),
    post("dispositif_edit", "edit this dispositif", EDITORS_OF_THIS, this, _dispositif_data),
    web("dispositif_edit", "edit form of another dispositif", EDITORS_OF_OTHER, lambda w: {"pk": w.other.pk}),
    web("dispositif_export", "export as XLSX", READERS_OF_THIS, lambda w: {"pk": w.this.pk, "fmt": "xlsx"}),
    web("dispositif_export", "export another as JSON", READERS_OF_OTHER, lambda w: {"pk": w.other.pk, "fmt": "json"}),
    post("partnership_new", "add a partner", EDITORS_OF_THIS, this,
         lambda w: {"structure": w.structure.pk, "role": "partner", "representative": "", "since": ""}),
    web("partnership_new", "partner form", EDITORS_OF_THIS, this),
    post("partnership_delete", "remove a partner", EDITORS_OF_THIS,
         lambda w: {"pk": w.this.pk, "item": w.this_partnership.pk}, lambda w: {}),
    post("partnership_delete", "another dispositif's partner through this URL", FORGED,
         lambda w: {"pk": w.this.pk, "item": w.other_partnership.pk}, lambda w: {}),
    post("funding_new", "add a funding line", EDITORS_OF_THIS, this,
         lambda w: {"funder": w.structure.pk, "amount": "12500,50", "year": "2026", "purpose": "ateliers"}),
    web("funding_edit", "funding form", EDITORS_OF_THIS, lambda w: {"pk": w.this.pk, "item": w.this_funding.pk}),
    post("funding_edit", "another dispositif's funding line through this URL", FORGED,
         lambda w: {"pk": w.this.pk, "item": w.other_funding.pk},
         lambda w: {"funder": w.structure.pk, "amount": "1", "year": "2026", "purpose": ""}),
    post("funding_delete", "delete a funding line", EDITORS_OF_THIS,
         lambda w: {"pk": w.this.pk, "item": w.this_funding.pk}, lambda w: {}),
    post("link_new", "link to a public dispositif", EDITORS_OF_THIS, this,
         lambda w: {"kind": "contributes_to", "target": w.public_dispositif.pk, "note": ""}),
    post("link_delete", "delete a link", EDITORS_OF_THIS, lambda w: {"pk": w.this.pk, "item": w.this_link.pk},
         lambda w: {}),
    post("link_delete", "another dispositif's link through this URL", FORGED,
         lambda w: {"pk": w.this.pk, "item": w.other_link.pk}, lambda w: {}),
    post("comment_new", "comment", READERS_OF_THIS, this, lambda w: {"text": "Une remarque."}),
    web("dispositif_roles", "roles page", EDITORS_OF_THIS, this),
    post("dispositif_roles", "give a role", EDITORS_OF_THIS, this,
         lambda w: {"username": w.users["other_coordinator"].username, "kind": "partner"}),
    post("role_delete", "withdraw the partner's role", EDITORS_OF_THIS,
         lambda w: {"pk": w.this.pk, "item": w.partner_role.pk}, lambda w: {}),
    post("role_delete", "a role on another dispositif through this URL", FORGED,
         lambda w: {"pk": w.this.pk, "item": w.other_role.pk}, lambda w: {}),
    # --- governance ------------------------------------------------------------------------
    web("body_new", "body form", EDITORS_OF_THIS, this),
    post("body_new", "create a body", EDITORS_OF_THIS, this,
         lambda w: {"name": "Comité technique", "kind": "cotech", "dispositifs": [w.this.pk], "description": ""}),
    web("body", "this dispositif's body", READERS_OF_THIS, lambda w: {"pk": w.this_body.pk}),
    web("body", "another dispositif's body", READERS_OF_OTHER, lambda w: {"pk": w.other_body.pk}),
    web("body_edit", "body form", EDITORS_OF_THIS, lambda w: {"pk": w.this_body.pk}),
    post("member_new", "add a member", EDITORS_OF_THIS, lambda w: {"pk": w.this_body.pk},
         lambda w: {"person": w.person.pk, "structure": "", "function": "élue"}),
    post("member_delete", "remove a member", EDITORS_OF_THIS,
         lambda w: {"pk": w.this_body.pk, "item": w.this_member.pk}, lambda w: {}),
    post("member_delete", "another body's member through this URL", FORGED,
         lambda w: {"pk": w.this_body.pk, "item": w.other_member.pk}, lambda w: {}),
    web("meeting_new", "meeting form", EDITORS_OF_THIS, this),
    post("meeting_new", "schedule a meeting", EDITORS_OF_THIS, this,
         lambda w: {"body": w.this_body.pk, "title": "COTECH", "starts_at": "2027-01-12T10:00",
                    "ends_at": "2027-01-12T12:00", "place": "Lens", "status": "planned", "minutes": ""}),
    post("meeting_new", "a meeting in another dispositif's body", outcomes(
        INVALID, other_coordinator=NOT_FOUND, partner=FORBIDDEN, anonymous=NOT_FOUND), this,
        lambda w: {"body": w.other_body.pk, "title": "COTECH", "starts_at": "2027-01-12T10:00",
                   "ends_at": "", "place": "", "status": "planned", "minutes": ""}),
    web("meeting", "this dispositif's meeting (the partner is invited)", READERS_OF_THIS,
        lambda w: {"pk": w.this_meeting.pk}),
    web("meeting", "another dispositif's meeting", READERS_OF_OTHER, lambda w: {"pk": w.other_meeting.pk}),
    web("meeting_edit", "meeting form", EDITORS_OF_THIS, lambda w: {"pk": w.this_meeting.pk}),
    post("agenda_item_new", "add an agenda item", EDITORS_OF_THIS, lambda w: {"pk": w.this_meeting.pk},
         lambda w: {"title": "Avenant", "notes": ""}),
    post("attendance_new", "invite a person", EDITORS_OF_THIS, lambda w: {"pk": w.this_meeting.pk},
         lambda w: {"person": w.person.pk, "status": "invited"}),
    post("decision_new", "record a decision", EDITORS_OF_THIS, lambda w: {"pk": w.this_meeting.pk},
         lambda w: {"text": "Lancer l'appel à projets.", "owner": w.person.pk, "due_on": "2027-03-01",
                    "status": "to_do"}),
    post("decision_new", "a decision without owner", outcomes(
        INVALID, other_coordinator=NOT_FOUND, partner=FORBIDDEN, anonymous=NOT_FOUND),
        lambda w: {"pk": w.this_meeting.pk},
        lambda w: {"text": "Sans responsable.", "owner": "", "due_on": "", "status": "to_do"}),
    web("decision_follow_up", "follow-up form", EDITORS_OF_THIS, lambda w: {"pk": w.this_decision.pk}),
    web("decisions_pending", "pending decisions, of visible meetings only", LOGGED_IN,
        check=_pending_has_only_visible),
    web("dispositif_agenda", "agenda of this dispositif", READERS_OF_THIS, this),
    web("dispositif_agenda_ics", "ICS of this dispositif", READERS_OF_THIS, this),
    web("my_agenda", "my agenda", LOGGED_IN),
    web("my_agenda_ics", "my agenda as ICS", LOGGED_IN),
    web("calendar_tokens", "subscription links", LOGGED_IN),
    post("calendar_tokens", "create a subscription link", LOGGED_IN, lambda w: {}, lambda w: {"dispositif": ""}),
    post("calendar_token_revoke", "revoke the coordinator's link", outcomes(NOT_FOUND, coordinator=OK,
                                                                             anonymous=LOGIN),
         lambda w: {"pk": w.calendar_token.pk}, lambda w: {}),
    web("calendar_feed", "subscribed calendar: the key stands for its user, no session", EVERYONE,
        lambda w: {"key": w.calendar_key}, check=_feed_has_this_meeting),
    web("calendar_feed", "unknown or revoked key", outcomes(NOT_FOUND), lambda w: {"key": "cal_inconnu"}),
    # --- structures -----------------------------------------------------------------------------
    web("structure_list", "structures registry", EVERYONE),
    web("structure", "a structure", EVERYONE, lambda w: {"pk": w.structure.pk}),
    web("structure_new", "structure form", LOGGED_IN),
    post("structure_new", "create a structure", outcomes(OK, anonymous=FORBIDDEN), lambda w: {},
         lambda w: {"name": "Maison de santé de Liévin", "kind": "msp", "siret": "", "finess_code": "",
                    "address": "", "postcode": "", "commune_code": "62510", "description": "", "phone": "",
                    "email": "", "website": ""}),
    web("structure_edit", "a signatory of this dispositif", outcomes(FORBIDDEN, admin=OK, coordinator=OK,
                                                                     anonymous=LOGIN),
        lambda w: {"pk": w.this_partnership.structure_id}),
    post("structure_edit", "a structure in no dispositif", outcomes(FORBIDDEN, admin=OK),
         lambda w: {"pk": w.structure.pk},
         lambda w: {"name": "Association renommée", "kind": "association", "siret": "", "finess_code": "",
                    "address": "", "postcode": "", "commune_code": "", "description": "", "phone": "",
                    "email": "", "website": ""}),
    post("person_new", "a person for a signatory of this dispositif", outcomes(FORBIDDEN, admin=OK, coordinator=OK),
         lambda w: {"pk": w.this_partnership.structure_id},
         lambda w: {"first_name": "Alice", "last_name": "Fictive", "function": "directrice", "email": "",
                    "phone": "", "username": ""}),
    web("person_edit", "a person (personal data: logged-in users only)", outcomes(FORBIDDEN, admin=OK,
                                                                                  anonymous=NOT_FOUND),
        lambda w: {"pk": w.person.pk}),
    post("person_erase", "erase a person (RGPD)", outcomes(FORBIDDEN, admin=OK, anonymous=NOT_FOUND),
         lambda w: {"pk": w.person.pk}, lambda w: {}),
    # --- articulation ------------------------------------------------------------------------------
    web("articulation_choose", "choose a territory", EVERYONE),
    web("articulation", "an EPCI: only the dispositifs the user may see", EVERYONE,
        lambda w: {"level": "epci", "code": "246200364"}, check=_sees_only_visible),
    web("articulation", "a private custom territory", outcomes(NOT_FOUND, admin=OK, coordinator=OK),
        lambda w: {"level": "territoire", "code": w.territory.slug}),
    web("articulation_export", "XLSX", EVERYONE, lambda w: {"level": "epci", "code": "246200364", "fmt": "xlsx"}),
    web("articulation_export", "GeoJSON", EVERYONE,
        lambda w: {"level": "epci", "code": "246200364", "fmt": "geojson"}),
    web("articulation_export", "CSV of the overlaps", EVERYONE,
        lambda w: {"level": "epci", "code": "246200364", "fmt": "csv"}, query="?tableau=chevauchements"),
    # --- API ---------------------------------------------------------------------------------------
    Case("GET /api/dispositifs/", "api", "only visible dispositifs", EVERYONE,
         check=lambda w, role, r: _api_ids(w, role, r, _visible_dispositifs)),
    Case("GET /api/dispositifs/{dispositif_id}", "api", "this dispositif", READERS_OF_THIS,
         lambda w: {"dispositif_id": w.this.pk}),
    Case("GET /api/dispositifs/{dispositif_id}", "api", "another dispositif", READERS_OF_OTHER,
         lambda w: {"dispositif_id": w.other.pk}),
    Case("GET /api/perimetres/dispositifs/{dispositif_id}", "api", "this dispositif's perimeter", READERS_OF_THIS,
         lambda w: {"dispositif_id": w.this.pk}),
    Case("GET /api/structures/", "api", "structures", EVERYONE),
    Case("GET /api/structures/{structure_id}", "api", "a structure", EVERYONE,
         lambda w: {"structure_id": w.structure.pk}),
    Case("GET /api/instances/", "api", "bodies", EVERYONE),
    Case("GET /api/instances/{body_id}", "api", "this dispositif's body", READERS_OF_THIS,
         lambda w: {"body_id": w.this_body.pk}),
    Case("GET /api/reunions/", "api", "only visible meetings", EVERYONE,
         check=lambda w, role, r: _api_ids(w, role, r, _visible_meetings)),
    Case("GET /api/reunions/{meeting_id}", "api", "this dispositif's meeting", READERS_OF_THIS,
         lambda w: {"meeting_id": w.this_meeting.pk}),
    Case("GET /api/reunions/{meeting_id}", "api", "another dispositif's meeting", READERS_OF_OTHER,
         lambda w: {"meeting_id": w.other_meeting.pk}),
    Case("GET /api/decisions/", "api", "decisions of visible meetings", EVERYONE),
    Case("GET /api/decisions/{decision_id}", "api", "this dispositif's decision", READERS_OF_THIS,
         lambda w: {"decision_id": w.this_decision.pk}),
    Case("GET /api/decisions/{decision_id}", "api", "another dispositif's decision", READERS_OF_OTHER,
         lambda w: {"decision_id": w.other_decision.pk}),
    # --- CLI ---------------------------------------------------------------------------------------
    Case("dispositif lister", "cli", "only visible dispositifs", outcomes(OK, **CLI),
         lambda w: ["dispositif", "lister", "--format", "json"], check=_cli_json_ids),
    Case("dispositif montrer", "cli", "this dispositif", outcomes(OK, other_coordinator=REFUSED, **CLI),
         lambda w: ["dispositif", "montrer", str(w.this.pk)]),
    Case("dispositif exporter", "cli", "export this dispositif",
         outcomes(OK, other_coordinator=REFUSED, **CLI),
         lambda w: ["dispositif", "exporter", str(w.this.pk), "--format", "json", "-o", "{tmp}/d.json"]),
    Case("articulation", "cli", "an EPCI: only visible dispositifs", outcomes(OK, **CLI),
         lambda w: ["articulation", "epci:246200364", "--format", "json"], check=_cli_articulation),
]
