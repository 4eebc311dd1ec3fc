"""Evaluation pages: the inequalities lens of the programme, the self-assessment grid (year
by year, and across the dispositifs of the territory), the lens questions (administrators).
HTTP only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from sante_locale.accounts.access import allowed, require
from sante_locale.programme.models import LensQuestion, SelfAssessment
from sante_locale.programme.queries import programme_actions
from sante_locale.programme.services import save_grid
from sante_locale.www.programme import presenters
from sante_locale.www.programme.access import (
    dispositif_of,
    must_change,
    must_see,
    readable_programme,
)
from sante_locale.www.programme.forms import GridForm, LensQuestionFormSet
from sante_locale.www.views.units import NotFound


def lens(request, pk):
    dispositif, programme = readable_programme(request, pk)
    must_change(request, "programme.view_private", dispositif, "voir la lentille inégalités de ce programme")
    actions = programme_actions(programme)
    context = presenters.frame(request, dispositif, programme, "programme_lens")
    context.update(presenters.lens_matrix(actions))
    return render(request, "www/programme/lens.html", context)


def _grid_dispositif(request, pk):
    dispositif = dispositif_of(request, pk)
    must_see(request, "programme.view_selfassessment", dispositif, "voir la grille d'autoévaluation de ce dispositif")
    from sante_locale.www.programme.access import programme_of

    return dispositif, programme_of(dispositif)


def grid(request, pk):
    dispositif, programme = _grid_dispositif(request, pk)
    context = presenters.frame(request, dispositif, programme, "programme_grid")
    context.update(presenters.grid_history(dispositif), default_year=presenters.default_year(),
                   can_fill=allowed(request.user, "programme.change_selfassessment", dispositif))
    return render(request, "www/programme/grid.html", context)


@login_required
def grid_edit(request, pk, year):
    dispositif, programme = _grid_dispositif(request, pk)
    if not 1990 <= year <= 2100:
        raise NotFound("Année hors de la période prévue (1990 à 2100).")
    must_change(request, "programme.change_selfassessment", dispositif, "remplir la grille d'autoévaluation")
    current = SelfAssessment.objects.filter(dispositif=dispositif, year=year).prefetch_related(
        "characteristic_scores").first()
    scores = current.scores() if current else {}
    comments = {s.characteristic: s.comment for s in current.characteristic_scores.all()} if current else {}
    initial = {"participants": current.participants, "comment": current.comment} if current else None
    form = GridForm(request.POST or None, initial=initial, scores=scores, comments=comments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save_grid(dispositif, year, data["participants"].strip(), data["comment"].strip(),
                  {c.key: data[f"score_{c.key}"] for c, _, _ in form.rows()},
                  {c.key: data[f"comment_{c.key}"].strip() for c, _, _ in form.rows()})
        messages.success(request, f"Grille d'autoévaluation {year} enregistrée.")
        return redirect("programme_grid", pk)
    context = presenters.frame(request, dispositif, programme, "programme_grid")
    context.update(form=form, year=year, cancel=reverse("programme_grid", args=[pk]))
    return render(request, "www/programme/grid_edit.html", context, status=400 if form.errors else 200)


def grid_compare(request, pk):
    dispositif, programme = _grid_dispositif(request, pk)
    year = request.GET.get("annee", "")
    year = int(year) if year.isdigit() and 1990 <= int(year) <= 2100 else presenters.default_year()
    context = presenters.frame(request, dispositif, programme, "programme_grid")
    context.update(presenters.grid_comparison(dispositif, request.user, year))
    return render(request, "www/programme/grid_compare.html", context)


@login_required
def lens_questions(request):
    require(request.user, "programme.change_lensquestion", None, action="modifier les questions de la lentille",
            path=request.path)
    formset = LensQuestionFormSet(request.POST or None, queryset=LensQuestion.objects.all())
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, "Questions de la lentille inégalités enregistrées.")
        return redirect("programme_lens_questions")
    return render(request, "www/programme/lens_questions.html", {"formset": formset},
                  status=400 if formset.errors else 200)
