"""Cases of the action programme: its pages, API and CLI (see ``cases.py`` for the format).

The world (``world.py``): ``this`` (private) has a full programme, ``public_dispositif`` a
published one, ``other`` none. Who may do what (``programme/rules.py``):

- the coordinators of a dispositif (and administrators) change its programme;
- its partners read all of it (budget, risks, lens, grid, annual review) and **enter
  indicator values**, but change nothing else and neither correct nor delete a value;
- anyone reads the axes, objectives, fiches actions and indicators of a programme published
  by a public dispositif, never its budget, risks, lens, grid or annual review;
- the coordinator of another dispositif sees nothing of a private one (« introuvable »);
  an anonymous visitor is asked to log in (403 with a link, or the login page for the
  pages that write).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cases import (
    ADMINISTRATORS,
    EVERYONE,
    FORBIDDEN,
    LOGIN,
    NOT_APPLICABLE,
    NOT_FOUND,
    OK,
    READERS_OF_THIS,
    REFUSED,
    Case,
    outcomes,
)
from permissions_helpers import form_data, page_text
from world import RISKS

#: pages that read the programme of ``this`` (private): its readers; the other coordinator
#: finds nothing; an anonymous visitor is asked to log in
READ = outcomes(OK, other_coordinator=NOT_FOUND, anonymous=FORBIDDEN)
#: pages that change the programme of ``this``: its coordinators and administrators
EDIT = outcomes(OK, other_coordinator=NOT_FOUND, partner=FORBIDDEN, anonymous=LOGIN)
#: entering an indicator value: the partner may too
ENTER = outcomes(OK, other_coordinator=NOT_FOUND, anonymous=LOGIN)
#: an object of the public programme through this programme's URL: « introuvable » for all
FORGED_EDIT = outcomes(NOT_FOUND, anonymous=LOGIN)
FORGED_READ = outcomes(NOT_FOUND, anonymous=FORBIDDEN)
#: the private parts of the public programme: nobody here holds a role on it
PUBLIC_PRIVATE = outcomes(FORBIDDEN, admin=OK)
CLI = {"anonymous": NOT_APPLICABLE}


def this(w):
    return {"pk": w.this.pk}


def public(w):
    return {"pk": w.public_dispositif.pk}


def item(name, dispositif="this"):
    return lambda w: {"pk": getattr(w, dispositif).pk, "item": getattr(w, name).pk}


def web(route, label, expect, args=this, **kw):
    return Case(route, "web", label, expect, args, **kw)


def post(route, label, expect, args, data, **kw):
    return Case(route, "web", label, expect, args, method="POST", data=data, **kw)


# --- POST bodies: the forms as shown, with one change ---------------------------------------------


def _programme_form(w, changes):
    from sante_locale.www.programme.forms import ProgrammeForm

    return form_data(ProgrammeForm(instance=w.this_programme), changes)


def _action_form(w, changes):
    from sante_locale.www.programme.forms import ActionForm

    return form_data(ActionForm(instance=w.this_action, programme=w.this_programme, user=w.users["admin"]), changes)


def _indicator_form(w, changes):
    from sante_locale.www.programme.forms import IndicatorForm

    return form_data(IndicatorForm(instance=w.this_indicator, programme=w.this_programme), changes)


def _new_row(formset, row: dict) -> dict:
    """The formset as shown, with ``row`` typed in its first empty form."""
    n = formset.initial_form_count()
    return form_data(formset, {f"{formset.prefix}-{n}-{k}": v for k, v in row.items()})


def _milestones(w):
    from sante_locale.www.programme.forms import MilestoneFormSet

    return _new_row(MilestoneFormSet(instance=w.this_action), {"title": "Bilan d'étape", "due_on": "2027-01-15"})


def _fundings(w):
    from sante_locale.www.programme.forms import FundingFormSet

    return _new_row(FundingFormSet(instance=w.this_action),
                    {"funder": w.structure.pk, "year": "2027", "planned": "5000", "obtained": ""})


def _targets(w):
    from sante_locale.www.programme.forms import TargetFormSet

    return _new_row(TargetFormSet(instance=w.this_indicator), {"due_on": "2028-12-31", "value": "20"})


def _lens(w):
    from sante_locale.programme.models import LensAnswer, LensQuestion
    from sante_locale.www.programme.forms import LensForm

    questions = LensQuestion.objects.filter(is_active=True)
    answers = {a.question_id: a for a in LensAnswer.objects.filter(action=w.this_action)}
    first = next(iter(answers))
    return form_data(LensForm(questions=questions, answers=answers), {f"answer_{first}": "yes"})


def _grid(w):
    from sante_locale.core.programme.grid import CHARACTERISTICS

    return {"participants": "comité technique", "comment": "",
            **{f"score_{c.key}": "2" for c in CHARACTERISTICS}, **{f"comment_{c.key}": "" for c in CHARACTERISTICS}}


def _lens_questions(w):
    from sante_locale.programme.models import LensQuestion
    from sante_locale.www.programme.forms import LensQuestionFormSet

    formset = LensQuestionFormSet(queryset=LensQuestion.objects.all())
    return form_data(formset, {f"{formset.prefix}-0-text": "La fiche réduit-elle les écarts entre quartiers ?"})


def _workbook(w):
    """The exported workbook of this programme, as an upload (the import checks it only)."""
    import tempfile
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from sante_locale.programme.workbook import export_programme

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "programme.xlsx"
        export_programme(w.this_programme, path)
        return {"file": SimpleUploadedFile("programme.xlsx", path.read_bytes()), "dry_run": "on"}


def _write_workbook(w, tmp_path):
    from sante_locale.programme.workbook import export_programme

    export_programme(w.this_programme, tmp_path / "programme.xlsx")


# --- checks -------------------------------------------------------------------------------------


def _lists_its_actions(w, role, response):
    assert w.this_action.title in page_text(response)


def _risks_to_readers_only(programme):
    """The risks of a fiche action show to its dispositif's readers, to nobody else."""
    def check(w, role, response):
        readers = {"this": ("admin", "coordinator", "partner"), "public": ("admin",)}[programme]
        assert (RISKS in page_text(response)) == (role in readers), role
    return check


def _budget_to_readers_only(w, role, response):
    """The public programme's overview has no budget tab but for administrators."""
    assert ('/programme/budget/"' in response.content.decode()) == (role == "admin"), role


def _creation_form(w, role, response):
    assert ("Créer le programme" in page_text(response)) == (role in ("admin", "other_coordinator")), role


def _value_entered_by(w, role, response):
    from sante_locale.programme.models import IndicatorValue

    value = IndicatorValue.objects.get(indicator=w.this_indicator, measured_on=dt.date(2026, 11, 30))
    assert value.value == Decimal("12.5") and value.entered_by == w.users[role]


def _api_programmes(w, role, response):
    ids = {p["dispositif_id"] for p in response.json()["items"]}
    expected = {"admin": {w.this.pk, w.public_dispositif.pk}, "coordinator": {w.this.pk, w.public_dispositif.pk},
                "partner": {w.this.pk, w.public_dispositif.pk}}.get(role, {w.public_dispositif.pk})
    assert ids == expected, (role, ids)


def _api_private_fields(programme):
    """Risks and budget lines in the API for the dispositif's readers only."""
    def check(w, role, response):
        readers = {"this": ("admin", "coordinator", "partner"), "public": ("admin",)}[programme]
        actions = response.json()["items"]
        risky = [a for a in actions if a["code"] == getattr(w, f"{programme}_action").code]
        assert len(actions) == 2 and len(risky) == 1
        if role in readers:
            assert risky[0]["risks"] == RISKS and risky[0]["fundings"]
        else:
            assert all(a["risks"] is None and a["fundings"] is None for a in actions), role
    return check


def _api_values(w, role, response):
    assert response.json() and all(i["values"] for i in response.json())


CASES = [
    # --- the programme and its tree -----------------------------------------------------------------
    web("programme", "this dispositif's programme", READ, check=_lists_its_actions),
    web("programme", "the published programme of a public dispositif", EVERYONE, public, check=_budget_to_readers_only),
    web("programme", "a dispositif without programme: its coordinators may create it",
        outcomes(NOT_FOUND, admin=OK, other_coordinator=OK, anonymous=FORBIDDEN), lambda w: {"pk": w.other.pk},
        check=_creation_form),
    post("programme_create", "create the programme of a dispositif that has none",
         outcomes(FORBIDDEN, admin=OK, other_coordinator=OK, anonymous=LOGIN), lambda w: {"pk": w.other.pk},
         lambda w: {"title": "Programme 2027-2031", "starts_year": "2027", "ends_year": "2031", "summary": ""}),
    web("programme_edit", "programme form", EDIT),
    post("programme_edit", "rename the programme", EDIT, this, lambda w: _programme_form(w, {"title": "Programme 2"})),
    web("programme_edit", "the public programme: read by all, changed by none of them",
        outcomes(FORBIDDEN, admin=OK, anonymous=LOGIN), public),
    web("programme_axis_new", "axis form", EDIT),
    post("programme_axis_new", "add an axis", EDIT, this,
         lambda w: {"code": "9", "title": "Nouvel axe", "description": "", "order": "9"}),
    web("programme_axis_edit", "axis form", EDIT, item("this_axis")),
    post("programme_axis_edit", "rename an axis", EDIT, item("this_axis"),
         lambda w: {"code": w.this_axis.code, "title": "Axe renommé", "description": "", "order": "1"}),
    post("programme_axis_edit", "an axis of another programme through this one's URL", FORGED_EDIT,
         item("public_axis"), lambda w: {"code": "9", "title": "Piraté", "description": "", "order": "1"}),
    web("programme_axis_delete", "confirm the deletion of an empty axis", EDIT, item("this_empty_axis")),
    post("programme_axis_delete", "delete an empty axis", EDIT, item("this_empty_axis"), lambda w: {}),
    web("programme_objective_new", "objective form", EDIT),
    post("programme_objective_new", "add an objective", EDIT, this,
         lambda w: {"axis": w.this_axis.pk, "code": "1.9", "title": "Nouvel objectif", "description": "", "order": "9"}),
    web("programme_objective_edit", "objective form", EDIT, item("this_objective")),
    post("programme_objective_edit", "rename an objective", EDIT, item("this_objective"),
         lambda w: {"axis": w.this_axis.pk, "code": w.this_objective.code, "title": "Objectif renommé",
                    "description": "", "order": "1"}),
    post("programme_objective_edit", "an objective of another programme through this one's URL", FORGED_EDIT,
         item("public_objective"),
         lambda w: {"axis": w.this_axis.pk, "code": "1.8", "title": "Piraté", "description": "", "order": "1"}),
    web("programme_objective_delete", "confirm the deletion of an empty objective", EDIT, item("this_empty_objective")),
    post("programme_objective_delete", "delete an empty objective", EDIT, item("this_empty_objective"), lambda w: {}),
    # --- fiches actions ------------------------------------------------------------------------------
    web("programme_action", "a fiche action: its risks to the readers only", READ, item("this_action"),
        check=_risks_to_readers_only("this")),
    web("programme_action", "a published fiche action: no risks but for administrators", EVERYONE,
        item("public_action", "public_dispositif"), check=_risks_to_readers_only("public")),
    web("programme_action", "a fiche action of another programme through this one's URL", FORGED_READ,
        item("public_action")),
    web("programme_action_new", "fiche action form", EDIT),
    post("programme_action_new", "write a fiche action", EDIT, this,
         lambda w: _action_form(w, {"code": "1.1.9", "title": "Nouvelle fiche"})),
    web("programme_action_edit", "fiche action form", EDIT, item("this_action")),
    post("programme_action_edit", "change a fiche action", EDIT, item("this_action"),
         lambda w: _action_form(w, {"title": "Fiche renommée"})),
    post("programme_action_edit", "a fiche action of another programme through this one's URL", FORGED_EDIT,
         item("public_action"), lambda w: _action_form(w, {"title": "Piratée"})),
    web("programme_action_delete", "confirm the deletion of a fiche action", EDIT, item("this_action")),
    post("programme_action_delete", "delete a fiche action", EDIT, item("this_action"), lambda w: {}),
    web("programme_action_milestones", "milestones form", EDIT, item("this_action")),
    post("programme_action_milestones", "add a milestone", EDIT, item("this_action"), _milestones),
    web("programme_action_budget", "budget lines form", EDIT, item("this_action")),
    post("programme_action_budget", "add a budget line", EDIT, item("this_action"), _fundings),
    web("programme_action_lens", "inequalities lens form", EDIT, item("this_action")),
    post("programme_action_lens", "answer the lens", EDIT, item("this_action"), _lens),
    web("programme_timeline", "timeline", READ),
    web("programme_timeline", "timeline of the published programme", EVERYONE, public),
    web("programme_budget", "budget (private)", READ),
    web("programme_budget", "budget of the published programme", PUBLIC_PRIVATE, public),
    # --- indicators ----------------------------------------------------------------------------------
    web("programme_indicators", "indicators", READ),
    web("programme_indicators", "indicators of the published programme", EVERYONE, public),
    web("programme_indicator", "an indicator", READ, item("this_indicator")),
    web("programme_indicator", "an indicator of the published programme", EVERYONE,
        item("public_indicator", "public_dispositif")),
    web("programme_indicator", "an indicator of another programme through this one's URL", FORGED_READ,
        item("public_indicator")),
    web("programme_indicator_new", "indicator form", EDIT),
    post("programme_indicator_new", "add an indicator", EDIT, this, lambda w: _indicator_form(w, {"code": "P9"})),
    web("programme_indicator_edit", "indicator form", EDIT, item("this_indicator")),
    post("programme_indicator_edit", "change an indicator", EDIT, item("this_indicator"),
         lambda w: _indicator_form(w, {"detail": "participants aux ateliers"})),
    web("programme_indicator_delete", "confirm the deletion of an indicator", EDIT, item("this_indicator")),
    post("programme_indicator_delete", "delete an indicator", EDIT, item("this_indicator"), lambda w: {}),
    web("programme_indicator_targets", "targets form", EDIT, item("this_indicator")),
    post("programme_indicator_targets", "add a target", EDIT, item("this_indicator"), _targets),
    web("programme_value_new", "value form: partners enter values too", ENTER, item("this_indicator")),
    post("programme_value_new", "enter a value", ENTER, item("this_indicator"),
         lambda w: {"measured_on": "2026-11-30", "value": "12,5", "source": "tableau de suivi", "vintage": "",
                    "note": ""}, check=_value_entered_by),
    post("programme_value_new", "a value for the published programme: its readers only",
         outcomes(FORBIDDEN, admin=OK, anonymous=LOGIN), item("public_indicator", "public_dispositif"),
         lambda w: {"measured_on": "2026-11-30", "value": "3", "source": "comptage", "vintage": "", "note": ""}),
    web("programme_value_edit", "correct a value: not the partner", EDIT,
        lambda w: {"pk": w.this.pk, "item": w.this_indicator.pk, "value": w.this_value.pk}),
    post("programme_value_edit", "correct a value", EDIT,
         lambda w: {"pk": w.this.pk, "item": w.this_indicator.pk, "value": w.this_value.pk},
         lambda w: {"measured_on": str(w.this_value.measured_on), "value": "7", "source": "tableau corrigé",
                    "vintage": "", "note": "corrigée"}),
    web("programme_value_edit", "a value of another indicator through this one's URL", FORGED_EDIT,
        lambda w: {"pk": w.this.pk, "item": w.this_indicator.pk, "value": w.public_value.pk}),
    post("programme_indicator_record", "record the observatory's value (none here: a French message)", EDIT,
         item("this_indicator"), lambda w: {}, writes=False),
    # --- evaluation and files --------------------------------------------------------------------------
    web("programme_lens", "inequalities lens (private)", READ),
    web("programme_lens", "lens of the published programme", PUBLIC_PRIVATE, public),
    web("programme_grid", "self-assessment grid (private)", READ),
    web("programme_grid", "grid of a public dispositif", outcomes(NOT_FOUND, admin=OK, anonymous=FORBIDDEN), public),
    web("programme_grid_compare", "grids of the territory", READ),
    web("programme_grid_edit", "grid form", EDIT, lambda w: {"pk": w.this.pk, "year": 2026}),
    post("programme_grid_edit", "fill the grid", EDIT, lambda w: {"pk": w.this.pk, "year": 2026}, _grid),
    web("programme_review", "annual review (private)", READ),
    web("programme_review", "annual review of the published programme", PUBLIC_PRIVATE, public),
    web("programme_review_file", "annual review as Word", READ, lambda w: {"pk": w.this.pk, "year": 2025, "fmt": "docx"}),
    web("programme_export", "workbook (private)", READ),
    web("programme_export", "workbook of the published programme", PUBLIC_PRIVATE, public),
    web("programme_import", "import form", EDIT),
    post("programme_import", "check a workbook (nothing written)", EDIT, this, _workbook, writes=False),
    web("programme_lens_questions", "questions of the inequalities lens", ADMINISTRATORS, lambda w: {}),
    post("programme_lens_questions", "change a question of the lens", ADMINISTRATORS, lambda w: {}, _lens_questions),
    # --- API -------------------------------------------------------------------------------------------
    Case("GET /api/programmes/", "api", "visible programmes", EVERYONE, check=_api_programmes),
    Case("GET /api/programmes/{dispositif_id}", "api", "this programme", READERS_OF_THIS,
         lambda w: {"dispositif_id": w.this.pk}),
    Case("GET /api/programmes/{dispositif_id}", "api", "the published programme", EVERYONE,
         lambda w: {"dispositif_id": w.public_dispositif.pk}),
    Case("GET /api/programmes/{dispositif_id}", "api", "a dispositif without programme", outcomes(NOT_FOUND),
         lambda w: {"dispositif_id": w.other.pk}),
    Case("GET /api/programmes/{dispositif_id}/actions", "api", "fiches actions: risks and budget to readers",
         READERS_OF_THIS, lambda w: {"dispositif_id": w.this.pk}, check=_api_private_fields("this")),
    Case("GET /api/programmes/{dispositif_id}/actions", "api", "published fiches actions, without risks nor budget",
         EVERYONE, lambda w: {"dispositif_id": w.public_dispositif.pk}, check=_api_private_fields("public")),
    Case("GET /api/programmes/{dispositif_id}/actions/{action_id}", "api", "a fiche action", READERS_OF_THIS,
         lambda w: {"dispositif_id": w.this.pk, "action_id": w.this_action.pk}),
    Case("GET /api/programmes/{dispositif_id}/actions/{action_id}", "api",
         "a fiche action of another programme through this one's URL", outcomes(NOT_FOUND),
         lambda w: {"dispositif_id": w.this.pk, "action_id": w.public_action.pk}),
    Case("GET /api/programmes/{dispositif_id}/indicateurs", "api", "indicators", READERS_OF_THIS,
         lambda w: {"dispositif_id": w.this.pk}, check=_api_values),
    Case("GET /api/programmes/{dispositif_id}/indicateurs", "api", "indicators of the published programme",
         EVERYONE, lambda w: {"dispositif_id": w.public_dispositif.pk}, check=_api_values),
    Case("GET /api/programmes/{dispositif_id}/indicateurs/{indicator_id}/valeurs", "api", "values", READERS_OF_THIS,
         lambda w: {"dispositif_id": w.this.pk, "indicator_id": w.this_indicator.pk}),
    Case("GET /api/programmes/{dispositif_id}/indicateurs/{indicator_id}/valeurs", "api",
         "values of another programme's indicator through this one's URL", outcomes(NOT_FOUND),
         lambda w: {"dispositif_id": w.this.pk, "indicator_id": w.public_indicator.pk}),
    # --- CLI -------------------------------------------------------------------------------------------
    Case("programme exporter", "cli", "export this programme", outcomes(OK, other_coordinator=REFUSED, **CLI),
         lambda w: ["programme", "exporter", str(w.this.pk), "{tmp}/programme.xlsx"]),
    Case("programme importer", "cli", "check a workbook against this programme",
         outcomes(OK, other_coordinator=REFUSED, partner=REFUSED, **CLI),
         lambda w: ["programme", "importer", str(w.this.pk), "{tmp}/programme.xlsx", "--verifier"],
         prepare=_write_workbook),
    Case("bilan", "cli", "annual review of this dispositif", outcomes(OK, other_coordinator=REFUSED, **CLI),
         lambda w: ["bilan", str(w.this.pk), "--annee", "2025", "--format", "docx", "-o", "{tmp}/bilan.docx"]),
]
