"""Structures registry pages: search, page, create/edit; the people who represent a
structure (logged-in users only) and their erasure (RGPD)."""

from __future__ import annotations

from django.db.models import ProtectedError
from django.shortcuts import render
from django.urls import reverse

from sante_locale.accounts.access import allowed
from sante_locale.structures.models import Person, Structure
from sante_locale.structures.registry import person_uses, search_structures, structure_dispositifs
from sante_locale.www.coordination.common import confirm_page, form_page, guard, visible_object
from sante_locale.www.coordination.forms_structures import (
    PersonForm,
    StructureForm,
    StructureSearchForm,
)


def structure_list(request):
    form = StructureSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {"q": "", "kind": ""}
    structures = search_structures(data.get("q", ""), data.get("kind", ""))
    return render(request, "www/coordination/structure_list.html", {
        "form": form, "structures": structures[:200], "count": structures.count(),
        "can_add": allowed(request.user, "structures.add_structure")})


def structure_detail(request, pk):
    s = visible_object(request, Structure.objects.select_related("commune"), pk, "structures.view_structure",
                       "Structure")
    user = request.user
    people = list(s.people.all()) if allowed(user, "structures.view_person", None) else []
    return render(request, "www/coordination/structure.html", {
        "s": s, "people": people, "dispositifs": structure_dispositifs(s, user),
        "can_edit": allowed(user, "structures.change_structure", s),
        "can_add_person": allowed(user, "structures.change_structure", s),
        "establishment": s.establishment})


def structure_new(request):
    refused = guard(request, "structures.add_structure", None, "créer une structure")
    if refused:
        return refused
    form = StructureForm(request.POST or None)
    return form_page(request, form, action="créer une structure", title="Nouvelle structure",
                     save=lambda f: f.save(), success=lambda s: s.get_absolute_url(),
                     cancel=reverse("structure_list"))


def structure_edit(request, pk):
    s = visible_object(request, Structure.objects.all(), pk, "structures.view_structure", "Structure")
    refused = guard(request, "structures.change_structure", s, "modifier cette structure")
    if refused:
        return refused
    form = StructureForm(request.POST or None, instance=s)
    return form_page(request, form, action="modifier cette structure", title=f"Modifier « {s.name} »", target=s,
                     save=lambda f: f.save(), success=lambda s: s.get_absolute_url(), cancel=s.get_absolute_url())


def person_new(request, pk):
    s = visible_object(request, Structure.objects.all(), pk, "structures.view_structure", "Structure")
    refused = guard(request, "structures.change_structure", s, "ajouter une personne à cette structure")
    if refused:
        return refused
    form = PersonForm(request.POST or None, instance=Person(structure=s))
    return form_page(request, form, action="ajouter une personne", title=f"Nouvelle personne — {s.name}", target=s,
                     save=lambda f: f.save(), success=lambda _: s.get_absolute_url() + "#personnes",
                     cancel=s.get_absolute_url(),
                     intro="Données personnelles minimales : nom, fonction, contact professionnel. La personne peut "
                           "demander son effacement à tout moment.")


def _person(request, pk) -> Person:
    return visible_object(request, Person.objects.select_related("structure"), pk, "structures.view_person",
                          "Personne")


def person_edit(request, pk):
    person = _person(request, pk)
    refused = guard(request, "structures.change_person", person, "modifier cette personne")
    if refused:
        return refused
    form = PersonForm(request.POST or None, instance=person)
    back = person.structure.get_absolute_url() if person.structure_id else reverse("structure_list")
    return form_page(request, form, action="modifier cette personne", title=f"Modifier {person.full_name}",
                     target=person, save=lambda f: f.save(), success=lambda _: back, cancel=back)


def person_erase(request, pk):
    person = _person(request, pk)
    refused = guard(request, "structures.delete_person", person, "effacer cette personne")
    if refused:
        return refused
    back = person.structure.get_absolute_url() if person.structure_id else reverse("structure_list")
    uses = person_uses(person)
    if uses:
        return render(request, "www/coordination/confirm.html", {
            "title": f"Effacer {person.full_name}", "cancel": back, "blocked": True,
            "question": f"{person.full_name} ne peut pas être effacé·e tant qu'elle est responsable de "
                        f"{uses} : désignez d'abord une autre personne responsable."}, status=409)

    def erase():
        name = person.full_name
        try:
            person.erase()
        except ProtectedError:
            return f"{name} n'a pas été effacé·e : des décisions l'ont pour responsable."
        return f"{name} a été effacé·e, historique compris (droit à l'effacement)."

    return confirm_page(request, title=f"Effacer {person.full_name}",
                        question=f"Effacer définitivement {person.full_name} et tout son historique ? Ses présences "
                                 "aux réunions et ses sièges dans les instances disparaissent aussi.",
                        do=erase, success=back, cancel=back)
