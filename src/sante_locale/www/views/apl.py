"""APL pages: HTTP only, the figures come from the accessibility app."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sante_locale.accessibility.inputs import InputError, fictive_supply
from sante_locale.accessibility.report import (
    classed_map,
    demand_unit_ids,
    parameters_from,
    scenario_display,
)
from sante_locale.accessibility.report import (
    territory_apl as apl_of,
)
from sante_locale.accessibility.scenario_input import new_centre, scenario_description
from sante_locale.core.formats import sorted_names
from sante_locale.core.map_classes import NEAREST
from sante_locale.territories.models import Commune
from sante_locale.www.forms_apl import APLChoiceForm, ScenarioForm
from sante_locale.www.views.units import visible_unit


def _invalid(request, unit, form, page_label, page_key):
    """A page asked with parameters it cannot take: say which, show the form, 400 (never a silent default)."""
    return render(request, "www/apl_invalid.html", {"unit": unit, "form": form, "page_label": page_label,
                                                    "page_key": page_key}, status=400)


def _classed_page(request, level, code, column, template):
    """The APL page or the nearest-provider page: the same choices, another map column."""
    unit = visible_unit(request, level, code)
    form = APLChoiceForm.from_query(request.GET)
    if not form.is_valid():
        labels = {"apl": "Accessibilité potentielle localisée", "nearest_minutes": "Professionnel le plus proche"}
        return _invalid(request, unit, form, labels[column], "apl" if column == "apl" else "nearest")
    choices = form.cleaned_data
    try:
        result = apl_of(unit, parameters_from(choices["profession"], choices["age_max"] or None))
    except InputError as exc:
        return render(request, "www/apl_unavailable.html", {"unit": unit, "error": str(exc)}, status=409)
    records = result.table()
    classes = NEAREST if column == "nearest_minutes" else result.classes
    if column == "nearest_minutes":
        records.sort(key=lambda r: -(r["minutes"] if r["minutes"] is not None else 1e9))
    return render(request, template, {"unit": unit, "form": form, "r": result, "records": records,
                                      "figures": result.figures(), "legend": classes,
                                      "map": classed_map(result.rows, column, classes,
                                                         indicator_key=result.indicator_key)})


def territory_apl(request, level, code):
    return _classed_page(request, level, code, "apl", "www/apl.html")


def nearest(request, level, code):
    return _classed_page(request, level, code, "nearest_minutes", "www/apl_nearest.html")


@login_required
def scenario(request, level, code):
    from sante_locale.accessibility import engine

    unit = visible_unit(request, level, code)
    ids = demand_unit_ids(unit)
    communes = sorted_names(Commune.objects.filter(pk__in=ids).only("insee_code", "name"), key=lambda c: c.name)
    if request.method == "POST":
        form = ScenarioForm(request.POST, communes=communes)
    elif request.GET:  # a link may fill the form in; a GET never runs (nor stores) a scenario
        form = ScenarioForm.from_query(request.GET, communes=communes, prefill=True)
        form.is_valid()  # its errors are shown with the form, status 400
    else:
        form = ScenarioForm(communes=communes)
    context = {"unit": unit, "form": form, "fictive": fictive_supply()}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            params = parameters_from(data["profession"], data["age_max"] or None)
            centres = [new_centre(data["commune"], float(data["fte"]), ids)] if data["commune"] else []
            description = scenario_description(
                f"{level}:{code}", new_centres=[(data["commune"], data["fte"])] if data["commune"] else [],
                retire_age=data["retire_age"], author=request.user.username)
            result = engine.scenario(params, ids, description, new_sites=centres, retire_age=data["retire_age"])
        except (InputError, ValueError) as exc:
            form.add_error(None, str(exc))
        else:
            context.update(result=result, **scenario_display(result, params))
    return render(request, "www/apl_scenario.html", context, status=400 if form.errors else 200)
