"""What every coordination page shares: finding an object the user may see (a forged or
foreign id is « introuvable » and journaled), guarding writes, refusing bad input (French
message, nothing changed, the attempt journaled) and the generic form page."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render

from sante_locale.accounts.access import allowed, require
from sante_locale.accounts.models import record_refusal
from sante_locale.coordination.messages import NOT_FOUND
from sante_locale.www.views.units import NotFound

__all__ = ["NOT_FOUND", "child_object", "confirm_page", "form_page", "guard", "refuse_input", "visible_object"]


def visible_object(request, queryset, pk, perm: str, what: str):
    """The object ``pk`` of ``queryset`` if the user has ``perm`` on it, else a French 404
    (the same for a missing and a forbidden object, so ids cannot be probed); a refused
    read of an existing object is journaled."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise NotFound(NOT_FOUND.format(what=what))
    if not allowed(request.user, perm, obj):
        record_refusal(request.user, f"voir {what.lower()} n° {pk}", NOT_FOUND.format(what=what), target=obj,
                       path=request.path)
        raise NotFound(NOT_FOUND.format(what=what))
    return obj


def child_object(request, queryset, pk, parent_field: str, parent, what: str):
    """An object under a parent's URL (a funding line of this dispositif…): an id of another
    parent's object is refused (forged URL), journaled, and shown as « introuvable »."""
    obj = queryset.filter(pk=pk).first()
    if obj is None or getattr(obj, f"{parent_field}_id") != parent.pk:
        message = NOT_FOUND.format(what=what)
        if obj is not None:
            record_refusal(request.user, f"atteindre {what.lower()} n° {pk} par l'adresse de « {parent} »",
                           message + " (identifiant d'un objet d'un autre dispositif)", target=obj,
                           path=request.path)
        raise NotFound(message)
    return obj


def guard(request, perm: str, obj, action: str):
    """Refuse (403 page, journaled) unless the user has ``perm`` on ``obj``. An anonymous
    visitor opening a form is sent to the login page first (nothing was attempted)."""
    if not request.user.is_authenticated and request.method == "GET":
        return redirect(f"/connexion/?next={request.path}")
    require(request.user, perm, obj, action=action, path=request.path)
    return None


def refuse_input(request, form, action: str, target=None) -> None:
    """Journal a write refused for bad input, with the form's French messages."""
    problems = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        problems += [f"{label} : {e}" if label else str(e) for e in errors]
    record_refusal(request.user, action, "Saisie refusée : " + " ; ".join(problems), target=target or "",
                   path=request.path)


def form_page(request, form, *, action: str, title: str, save, success, target=None, intro: str = "",
              cancel: str = "", template: str = "www/coordination/form.html", extra: dict | None = None):
    """The usual form page: GET shows ``form``; a valid POST runs ``save(form)`` in one
    transaction then redirects to ``success(saved)``; an invalid POST is journaled and
    shown again with French messages (status 400), nothing changed."""
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                saved = save(form)
            messages.success(request, f"{title} : enregistré.")
            return redirect(success(saved))
        refuse_input(request, form, action, target)
    context = {"form": form, "title": title, "intro": intro, "cancel": cancel, **(extra or {})}
    return render(request, template, context, status=400 if form.errors else 200)


def confirm_page(request, *, title: str, question: str, do, success: str, cancel: str):
    """GET asks to confirm; POST runs ``do()`` in one transaction and redirects."""
    if request.method == "POST":
        with transaction.atomic():
            done = do()
        messages.success(request, done)
        return redirect(success)
    return render(request, "www/coordination/confirm.html", {"title": title, "question": question,
                                                              "cancel": cancel})
