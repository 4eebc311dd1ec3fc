"""Fiches actions: read, write, milestones, budget lines, inequalities lens. HTTP only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from sante_locale.accounts.access import allowed
from sante_locale.core.indicators import INDICATORS
from sante_locale.core.programme.vocab import AUDIENCES, DETERMINANTS, PLANS, label_of
from sante_locale.programme.indicators import states
from sante_locale.programme.models import Action, LensAnswer, LensQuestion, Objective
from sante_locale.programme.queries import programme_actions
from sante_locale.programme.services import save_lens
from sante_locale.www.programme import presenters
from sante_locale.www.programme.access import in_programme, must_change, readable_programme
from sante_locale.www.programme.forms import ActionForm, FundingFormSet, LensForm, MilestoneFormSet
from sante_locale.www.programme.views import _delete, _edit


def _action(request, pk, item):
    dispositif, programme = readable_programme(request, pk)
    action = in_programme(request, Action.objects.select_related("objective__axis__programme__dispositif", "body"),
                          programme, item)
    return dispositif, programme, action


def detail(request, pk, item):
    dispositif, programme, action = _action(request, pk, item)
    context = presenters.frame(request, dispositif, programme, "programme")
    home = action.programme
    context.update(
        action=action, shared_from=None if home.pk == programme.pk else home.dispositif,
        shared_with=[o for o in action.shared_in.select_related("axis__programme__dispositif")],
        audiences=label_of(AUDIENCES, action.audiences), plans=label_of(PLANS, action.plans),
        determinants=label_of(DETERMINANTS, action.determinants),
        diagnosis=INDICATORS.get(action.diagnosis_key),
        milestones=action.milestones.all(), indicators=states(action.indicators.prefetch_related("values", "targets")),
        can_edit_action=allowed(request.user, "programme.change_action", action),
        fundings=action.fundings.select_related("funder") if context["can_private"] else [],
        lens=LensAnswer.objects.filter(action=action).select_related("question") if context["can_private"] else [],
    )
    return render(request, "www/programme/action.html", context)


@login_required
def edit(request, pk, item=None):
    dispositif, programme = readable_programme(request, pk)
    if item:
        action = in_programme(request, Action, programme, item)
    else:
        objective = (Objective.objects.filter(axis__programme=programme, pk=request.GET.get("objectif") or 0).first()
                     or Objective.objects.filter(axis__programme=programme).first())
        if objective is None:
            messages.error(request, "Créez d'abord un axe et un objectif : une fiche action se rattache à un objectif.")
            return redirect("programme", pk)
        action = Action(objective=objective)
    return _edit(request, dispositif=dispositif, programme=action.programme if item else programme,
                 form_class=ActionForm, instance=action, perm="programme.change_action",
                 action="modifier les fiches actions de ce programme",
                 title=f"Modifier la fiche action {action.code}" if item else "Nouvelle fiche action",
                 intro="Les champs marqués d'une étoile sont obligatoires ; le reste peut être complété plus tard.",
                 success=lambda a: f"Fiche action « {a} » enregistrée.",
                 back=lambda a: reverse("programme_action", args=[pk, a.pk]),
                 form_kwargs={"programme": action.programme if item else programme, "user": request.user})


@login_required
def delete(request, pk, item):
    return _delete(request, pk, Action, item, "cette fiche action (avec ses jalons, financements et indicateurs)")


def _formset(request, pk, item, formset_class, title: str, intro: str, template_title: str):
    dispositif, programme, action = _action(request, pk, item)
    must_change(request, "programme.change_action", action, "modifier cette fiche action")
    formset = formset_class(request.POST or None, instance=action)
    if formset_class is FundingFormSet:
        from sante_locale.structures.models import Structure

        for form in formset.forms:
            form.fields["funder"].queryset = Structure.objects.order_by("name")
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, f"{template_title} de la fiche {action.code} enregistrés.")
        return redirect("programme_action", pk, action.pk)
    context = presenters.frame(request, dispositif, programme, "programme")
    context.update(formset=formset, title=title, intro=intro, action=action,
                   cancel=reverse("programme_action", args=[pk, action.pk]))
    return render(request, "www/programme/formset.html", context, status=400 if formset.errors else 200)


@login_required
def milestones(request, pk, item):
    return _formset(request, pk, item, MilestoneFormSet, "Jalons de la fiche action",
                    "Une ligne par jalon ; cochez « Supprimer » pour en retirer un.", "Jalons")


@login_required
def fundings(request, pk, item):
    return _formset(request, pk, item, FundingFormSet, "Budget de la fiche action",
                    "Une ligne par financeur et par année : le montant prévu, puis le montant obtenu une fois "
                    "accordé.", "Financements")


@login_required
def lens(request, pk, item):
    dispositif, programme, action = _action(request, pk, item)
    must_change(request, "programme.change_lensanswer", action, "remplir la lentille inégalités de cette action")
    questions = LensQuestion.objects.filter(is_active=True)
    current = {a.question_id: a for a in LensAnswer.objects.filter(action=action)}
    form = LensForm(request.POST or None, questions=questions, answers=current)
    if request.method == "POST" and form.is_valid():
        changed = save_lens(action, {q: (form.cleaned_data[f"answer_{q.pk}"],
                                         form.cleaned_data[f"justification_{q.pk}"].strip()) for q in form.questions})
        messages.success(request, f"Lentille inégalités enregistrée ({changed} réponse(s) modifiée(s)).")
        return redirect("programme_action", pk, action.pk)
    context = presenters.frame(request, dispositif, programme, "programme_lens")
    context.update(form=form, action=action, cancel=reverse("programme_action", args=[pk, action.pk]))
    return render(request, "www/programme/action_lens.html", context, status=400 if form.errors else 200)


def timeline(request, pk):
    dispositif, programme = readable_programme(request, pk)
    actions = programme_actions(programme)
    actions.sort(key=lambda a: (a.placed_in.axis.order, a.placed_in.order, a.code))
    context = presenters.frame(request, dispositif, programme, "programme_timeline")
    context.update(svg=presenters.timeline(actions), actions=actions)
    return render(request, "www/programme/timeline.html", context)


def budget(request, pk):
    dispositif, programme = readable_programme(request, pk)
    must_change(request, "programme.view_private", dispositif, "voir le budget de ce programme")
    actions = programme_actions(programme)
    context = presenters.frame(request, dispositif, programme, "programme_budget")
    context.update(presenters.budget(actions))
    return render(request, "www/programme/budget.html", context)
