"""Cases of the directory of services: its pages, API and CLI (see ``cases.py``).

Who may do what (``directory/rules.py``): anyone reads published services; a service is
edited (and seen unpublished) by administrators, by its structure's editors and by the
coordinators of a dispositif whose perimeter covers its commune; importing is for
administrators. The editor is the partner of the world (see ``world.py``): ``service`` is in
Lens (the coordinator's perimeter), ``arras_service`` in Arras of the structure the partner
edits, ``unpublished_service`` of that structure but held in Lens (both edit it). Each of the
two published services has a stop and a closure; one reached through the other service's URL
is « introuvable » (404, journaled) to those who may edit the service of the URL.
"""

from __future__ import annotations

import json

from cases import (
    EVERYONE,
    FORBIDDEN,
    INVALID,
    LOGGED_IN,
    LOGIN,
    NOT_APPLICABLE,
    NOT_FOUND,
    OK,
    REFUSED,
    Case,
    outcomes,
)
from permissions_helpers import form_data, page_text

#: the service in Lens: the coordinator covers Lens; the partner is a plain user for it
LENS_EDITORS = outcomes(FORBIDDEN, admin=OK, coordinator=OK, anonymous=LOGIN)
#: the service in Arras: the partner is its structure's editor; nobody covers Arras
ARRAS_EDITORS = outcomes(FORBIDDEN, admin=OK, partner=OK, anonymous=LOGIN)
#: the unpublished service (of the Arras structure, held in Lens): its editors only
UNPUBLISHED = outcomes(FORBIDDEN, admin=OK, coordinator=OK, partner=OK)
#: who sees (and may edit) the unpublished service
ITS_EDITORS = ("admin", "coordinator", "partner")


def pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def web(route, label, expect, args=lambda w: {}, **kw):
    return Case(route, "web", label, expect, args, **kw)


def post(route, label, expect, args, data, **kw):
    return Case(route, "web", label, expect, args, method="POST", data=data, **kw)


def _service_form(service_name, changes):
    def data(w):
        from sante_locale.www.directory.forms import ServiceForm

        return form_data(ServiceForm(instance=getattr(w, service_name), prefix="service"), changes)
    return data


def _unpublished_to_its_editors(w, role, response):
    """The unpublished service is listed to those who may edit it, never to anyone else."""
    text = page_text(response)
    assert w.service.name in text, role
    assert (w.unpublished_service.name in text) == (role in ITS_EDITORS), role


def _api_unpublished_to_its_editors(w, role, response):
    names = {s["name"] for s in response.json()["items"]}
    assert w.service.name in names and (w.unpublished_service.name in names) == (role in ITS_EDITORS), role


def _found_near_lens(w, role, response):
    names = {r["service"]["name"] for r in response.json()}
    assert w.service.name in names and (w.unpublished_service.name in names) == (role in ITS_EDITORS), role


def _open_data_published_only(w, role, response):
    text = json.dumps(json.loads(response.content), ensure_ascii=False)
    assert w.service.name in text and w.arras_service.name in text
    assert w.unpublished_service.name not in text


def _dashboard_lists_what_one_edits(w, role, response):
    text = page_text(response)
    edits = {"admin": {"service", "arras_service", "unpublished_service"},
             "coordinator": {"service", "unpublished_service"},
             "partner": {"arras_service", "unpublished_service"}}.get(role, set())
    for name in ("service", "arras_service", "unpublished_service"):
        assert (getattr(w, name).name in text) == (name in edits), (role, name)


#: a stop or closure of one service through another one's URL: « introuvable » to whoever may
#: edit the service of the URL, refused (403) to the others
FORGED_IN_LENS = outcomes(FORBIDDEN, admin=NOT_FOUND, coordinator=NOT_FOUND, anonymous=LOGIN)
FORGED_IN_ARRAS = outcomes(FORBIDDEN, admin=NOT_FOUND, partner=NOT_FOUND, anonymous=LOGIN)


def item(service_name, item_name, key):
    return lambda w: {"pk": getattr(w, service_name).pk, key: getattr(w, item_name).pk}


def _stop_data(place, hours="Sa 10:00-12:00"):
    return lambda w: {"stop-place": place, "stop-address": "", "stop-opening_hours": hours, "stop-lon": "",
                      "stop-lat": "", "stop-insee_code": "62041"}


def _closure_data(starts_on, ends_on):
    return lambda w: {"closure-starts_on": starts_on, "closure-ends_on": ends_on, "closure-reason": "travaux",
                      "closure-opening_hours": ""}


def _gone(service_name, item_name):
    """The item is deleted and its service up to date today."""
    def check(w, role, response):
        from sante_locale.core import clock

        obj, service = getattr(w, item_name), getattr(w, service_name)
        assert not type(obj).objects.filter(pk=obj.pk).exists(), role
        service.refresh_from_db()
        assert service.updated_on == clock.today(), role
    return check


def _stop_moved(w, role, response):
    from sante_locale.core import clock

    w.arras_stop.refresh_from_db()
    w.arras_service.refresh_from_db()
    assert w.arras_stop.place == "Place de la gare" and w.arras_stop.commune.insee_code == "62041", role
    assert w.arras_service.updated_on == clock.today(), role


def _services_import(w, tmp_path):
    """The world's published services as a data·inclusion file (to import back, checked only)."""
    from sante_locale.core.sources.data_inclusion import dump_json
    from sante_locale.directory.exchange import export_records
    from sante_locale.directory.models import Service

    structures, services = export_records(Service.objects.published())
    (tmp_path / "services.json").write_text(dump_json(structures, services), encoding="utf-8")


CASES = [
    # --- public pages -------------------------------------------------------------------------------
    web("directory", "search near Lens: the unpublished service to its editors only", EVERYONE, query="?q=lens",
        check=_unpublished_to_its_editors),
    web("directory_service", "a published service", EVERYONE, pk("service")),
    web("directory_service", "an unpublished service", UNPUBLISHED, pk("unpublished_service")),
    web("directory_embed", "embeddable search", EVERYONE, query="?q=lens", check=_unpublished_to_its_editors),
    web("directory_embed_service", "an embeddable published service", EVERYONE, pk("service")),
    web("directory_embed_service", "an embeddable unpublished service", UNPUBLISHED, pk("unpublished_service")),
    web("directory_snippet", "the code to embed the directory", EVERYONE),
    web("directory_open_data", "open data page", EVERYONE),
    web("directory_open_data_file", "open data: published services only", EVERYONE,
        lambda w: {"name": "services.json"}, check=_open_data_published_only),
    web("directory_open_data_file", "an unknown open data file", outcomes(NOT_FOUND),
        lambda w: {"name": "personnes.json"}),
    # --- editors' pages -------------------------------------------------------------------------------
    web("directory_dashboard", "services to update: those one may edit", LOGGED_IN,
        check=_dashboard_lists_what_one_edits),
    web("directory_edit", "edit the service in Lens (the coordinator covers Lens)", LENS_EDITORS, pk("service")),
    web("directory_edit", "edit the service in Arras (the partner edits its structure)", ARRAS_EDITORS,
        pk("arras_service")),
    web("directory_edit", "an unknown service", outcomes(NOT_FOUND, anonymous=LOGIN), lambda w: {"pk": 999999}),
    post("directory_edit", "save the service in Lens", LENS_EDITORS, pk("service"),
         _service_form("service", {"service-name": "Permanence de Lens rénovée"})),
    post("directory_edit", "save the service in Arras", ARRAS_EDITORS, pk("arras_service"),
         _service_form("arras_service", {"service-name": "Permanence d'Arras rénovée"})),
    web("directory_new", "choose the structure of a new service", LOGGED_IN),
    web("directory_new", "a new service for the structure in Lens", LENS_EDITORS,
        query=lambda w: f"?structure={w.lens_structure.pk}"),
    post("directory_new", "add a service to the structure in Arras", ARRAS_EDITORS, lambda w: {},
         _service_form("arras_service", {"service-name": "Deuxième permanence d'Arras"}),
         query=lambda w: f"?structure={w.arras_structure.pk}"),
    post("directory_add_closure", "close the service in Lens for the holidays", LENS_EDITORS, pk("service"),
         lambda w: {"closure-starts_on": "2026-12-24", "closure-ends_on": "2026-12-26", "closure-reason": "fêtes",
                    "closure-opening_hours": ""}),
    post("directory_add_stop", "a stop of the service in Arras", ARRAS_EDITORS, pk("arras_service"),
         lambda w: {"stop-place": "Cité 12", "stop-address": "", "stop-opening_hours": "We 09:00-12:00",
                    "stop-lon": "", "stop-lat": "", "stop-insee_code": "62498"}),
    web("directory_edit_stop", "form to modify a stop of the service in Arras", ARRAS_EDITORS,
        item("arras_service", "arras_stop", "stop_pk")),
    web("directory_edit_stop", "a stop of the service in Lens through the Arras service's URL", FORGED_IN_ARRAS,
        item("arras_service", "stop", "stop_pk")),
    post("directory_edit_stop", "modify a stop of the service in Arras", ARRAS_EDITORS,
         item("arras_service", "arras_stop", "stop_pk"), _stop_data("Place de la gare"), check=_stop_moved),
    post("directory_edit_stop", "a stop with unreadable hours (refused in French)",
         outcomes(FORBIDDEN, admin=INVALID, partner=INVALID, anonymous=LOGIN),
         item("arras_service", "arras_stop", "stop_pk"), _stop_data("Place de la gare", hours="samedi matin")),
    post("directory_edit_stop", "a stop of the service in Arras through the Lens service's URL", FORGED_IN_LENS,
         item("service", "arras_stop", "stop_pk"), _stop_data("Place de la gare")),
    web("directory_delete_stop", "confirm deleting a stop of the service in Lens", LENS_EDITORS,
        item("service", "stop", "stop_pk")),
    post("directory_delete_stop", "delete a stop of the service in Lens", LENS_EDITORS,
         item("service", "stop", "stop_pk"), lambda w: {}, check=_gone("service", "stop")),
    post("directory_delete_stop", "a stop of the service in Lens through the Arras service's URL",
         FORGED_IN_ARRAS, item("arras_service", "stop", "stop_pk"), lambda w: {}),
    web("directory_edit_closure", "form to modify a closure of the service in Lens", LENS_EDITORS,
        item("service", "closure", "closure_pk")),
    post("directory_edit_closure", "move the closure of the service in Lens", LENS_EDITORS,
         item("service", "closure", "closure_pk"), _closure_data("2027-01-04", "2027-01-08")),
    post("directory_edit_closure", "a closure ending before it starts (refused in French)",
         outcomes(FORBIDDEN, admin=INVALID, coordinator=INVALID, anonymous=LOGIN),
         item("service", "closure", "closure_pk"), _closure_data("2027-01-08", "2027-01-04")),
    post("directory_edit_closure", "a closure of the service in Arras through the Lens service's URL",
         FORGED_IN_LENS, item("service", "arras_closure", "closure_pk"), _closure_data("2027-01-04", "2027-01-08")),
    web("directory_delete_closure", "confirm deleting a closure of the service in Arras", ARRAS_EDITORS,
        item("arras_service", "arras_closure", "closure_pk")),
    web("directory_delete_closure", "an unknown closure", outcomes(FORBIDDEN, admin=NOT_FOUND, partner=NOT_FOUND,
                                                                   anonymous=LOGIN),
        lambda w: {"pk": w.arras_service.pk, "closure_pk": 999999}),
    post("directory_delete_closure", "delete a closure of the service in Arras", ARRAS_EDITORS,
         item("arras_service", "arras_closure", "closure_pk"), lambda w: {},
         check=_gone("arras_service", "arras_closure")),
    post("directory_delete_closure", "a closure of the service in Lens through the Arras service's URL",
         FORGED_IN_ARRAS, item("arras_service", "closure", "closure_pk"), lambda w: {}),
    post("directory_confirm", "confirm the service in Lens is up to date", LENS_EDITORS, pk("service"),
         lambda w: {}),
    post("directory_confirm", "confirm the unpublished service (both its editors)",
         outcomes(FORBIDDEN, admin=OK, coordinator=OK, partner=OK, anonymous=LOGIN), pk("unpublished_service"),
         lambda w: {}),
    # --- API --------------------------------------------------------------------------------------------
    Case("GET /api/annuaire/services", "api", "services: the unpublished one to its editors only", EVERYONE,
         check=_api_unpublished_to_its_editors),
    Case("GET /api/annuaire/services/{service_id}", "api", "a published service", EVERYONE,
         lambda w: {"service_id": w.service.pk}),
    Case("GET /api/annuaire/services/{service_id}", "api", "an unpublished service (403 as its pages, documented)",
         UNPUBLISHED, lambda w: {"service_id": w.unpublished_service.pk}),
    Case("GET /api/annuaire/recherche", "api", "search near Lens", EVERYONE, query="?lieu=lens",
         check=_found_near_lens),
    # --- CLI --------------------------------------------------------------------------------------------
    Case("annuaire importer", "cli", "import services (checked only): administrators",
         outcomes(REFUSED, admin=OK, anonymous=NOT_APPLICABLE),
         lambda w: ["annuaire", "importer", "{tmp}/services.json", "--verifier"], prepare=_services_import),
]
