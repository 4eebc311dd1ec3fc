"""Indicators of a programme: list with charts and late values, one indicator, entering a
value (coordinators and partners), targets, recording an observed value. HTTP only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sante_locale.accounts.access import allowed, require
from sante_locale.core import charts
from sante_locale.core.indicators import INDICATORS, VINTAGE_RULES
from sante_locale.core.programme.vocab import QUESTIONS
from sante_locale.programme.indicators import programme_indicators, state, states
from sante_locale.programme.models import Action, Indicator, IndicatorValue
from sante_locale.programme.services import NothingToRecord, record_observed
from sante_locale.www.programme import presenters
from sante_locale.www.programme.access import in_programme, must_change, readable_programme
from sante_locale.www.programme.forms import IndicatorForm, TargetFormSet, ValueForm
from sante_locale.www.programme.views import _delete, _edit


def index(request, pk):
    dispositif, programme = readable_programme(request, pk)
    shown = states(programme_indicators(programme))
    context = presenters.frame(request, dispositif, programme, "programme_indicators")
    context.update(population=[s for s in shown if s.indicator.kind == "population"],
                   performance=[s for s in shown if s.indicator.kind == "performance"],
                   late=[s for s in shown if s.late], questions=QUESTIONS,
                   svgs={s.indicator.pk: charts.render(s.chart, 560) for s in shown},
                   can_enter=allowed(request.user, "programme.add_indicatorvalue", programme))
    return render(request, "www/programme/indicators.html", context)


def _indicator(request, pk, item):
    dispositif, programme = readable_programme(request, pk)
    indicator = in_programme(request, Indicator.objects.select_related("action", "programme__dispositif"),
                             programme, item)
    return dispositif, programme, indicator


def detail(request, pk, item):
    dispositif, programme, indicator = _indicator(request, pk, item)
    current = state(indicator)
    context = presenters.frame(request, dispositif, programme, "programme_indicators")
    context.update(s=current, indicator=indicator, svg=charts.render(current.chart, 760),
                   rule=VINTAGE_RULES.get(indicator.definition.vintage, "") if indicator.definition else "",
                   can_enter=allowed(request.user, "programme.add_indicatorvalue", indicator),
                   can_edit_indicator=allowed(request.user, "programme.change_indicator", indicator))
    return render(request, "www/programme/indicator.html", context)


@login_required
def edit(request, pk, item=None):
    dispositif, programme = readable_programme(request, pk)
    indicator = in_programme(request, Indicator, programme, item) if item else Indicator(programme=programme)
    if not item and request.GET.get("action"):
        indicator.action = Action.objects.filter(objective__axis__programme=programme,
                                                 pk=request.GET["action"]).first()
        indicator.key = "people_reached"
    return _edit(request, dispositif=dispositif, programme=programme, form_class=IndicatorForm, instance=indicator,
                 perm="programme.change_indicator", action="modifier les indicateurs de ce programme",
                 title="Modifier l'indicateur" if item else "Nouvel indicateur",
                 intro="Un indicateur de population décrit le territoire (calculé par l'observatoire ou saisi à la "
                       "main avec sa source) ; une mesure de performance décrit une action et répond à l'une des "
                       "trois questions : combien avons-nous fait, l'avons-nous bien fait, quelqu'un s'en "
                       "porte-t-il mieux.",
                 success=lambda i: f"Indicateur « {i} » enregistré.",
                 back=lambda i: reverse("programme_indicator", args=[pk, i.pk]),
                 form_kwargs={"programme": programme}, extra={"registry": INDICATORS})


@login_required
def delete(request, pk, item):
    return _delete(request, pk, Indicator, item, "cet indicateur et toutes ses valeurs")


@login_required
def targets(request, pk, item):
    dispositif, programme, indicator = _indicator(request, pk, item)
    must_change(request, "programme.change_target", indicator, "modifier les cibles de cet indicateur")
    formset = TargetFormSet(request.POST or None, instance=indicator)
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, f"Cibles de l'indicateur {indicator.code} enregistrées.")
        return redirect("programme_indicator", pk, indicator.pk)
    context = presenters.frame(request, dispositif, programme, "programme_indicators")
    context.update(formset=formset, title=f"Cibles de l'indicateur {indicator.code}",
                   intro=f"{indicator.label} ({indicator.unit}) : une ligne par échéance.",
                   cancel=reverse("programme_indicator", args=[pk, indicator.pk]))
    return render(request, "www/programme/formset.html", context, status=400 if formset.errors else 200)


@login_required
def value_edit(request, pk, item, value=None):
    dispositif, programme, indicator = _indicator(request, pk, item)
    if value:
        instance = IndicatorValue.objects.filter(indicator=indicator, pk=value).first()
        if instance is None:
            from sante_locale.accounts.models import record_refusal
            from sante_locale.www.views.units import NotFound

            message = "Valeur introuvable pour cet indicateur."
            elsewhere = IndicatorValue.objects.filter(pk=value).first()
            if elsewhere is not None:  # a forged address: the value of another indicator
                record_refusal(request.user, f"atteindre la valeur n° {value} par l'adresse de l'indicateur "
                               f"« {indicator} »", message, target=elsewhere, path=request.path)
            raise NotFound(message)
        must_change(request, "programme.change_indicatorvalue", instance, "corriger une valeur de cet indicateur")
    else:
        must_change(request, "programme.add_indicatorvalue", indicator, "saisir une valeur de cet indicateur")
        instance = IndicatorValue(indicator=indicator, entered_by=request.user)
    form = ValueForm(request.POST or None, instance=instance, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"Valeur {presenters.fr_indicator(indicator, saved.value)} au "
                         f"{saved.measured_on:%d/%m/%Y} enregistrée.")
        return redirect("programme_indicator", pk, indicator.pk)
    context = presenters.frame(request, dispositif, programme, "programme_indicators")
    context.update(form=form, title=("Corriger une valeur" if value else "Saisir une valeur") + f" — {indicator}",
                   intro=f"Unité : {indicator.unit}. Indiquez la source (tableau de suivi, rapport…) pour que la "
                         "valeur puisse être vérifiée.",
                   cancel=reverse("programme_indicator", args=[pk, indicator.pk]))
    return render(request, "www/programme/form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def record(request, pk, item):
    dispositif, programme, indicator = _indicator(request, pk, item)
    require(request.user, "programme.change_indicator", indicator, action="relever la valeur de cet indicateur",
            path=request.path)
    try:
        saved = record_observed(indicator, request.user)
    except NothingToRecord as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Valeur de l'observatoire relevée au {saved.measured_on:%d/%m/%Y} "
                         f"({saved.source}, millésime {saved.vintage}).")
    return redirect("programme_indicator", pk, indicator.pk)
