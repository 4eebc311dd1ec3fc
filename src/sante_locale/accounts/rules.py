"""The permission layer's building blocks, on the ``rules`` library.

Every permission of the product is a ``rules`` permission (``app.verb_model``) declared in
the ``rules`` module of the app that owns the model, from the predicates below. Pages,
exports, the CLI and the API all ask ``user.has_perm(name, obj)`` (through
:func:`sante_locale.accounts.access.require`), never a hand-written check of their own.

Roles count on a *scope*: the object itself, or the objects it belongs to (a meeting is
scoped by the dispositifs of its body). A model gives its scope with ``role_scope()``.
"""

from __future__ import annotations

import rules
from django.contrib.contenttypes.models import ContentType


@rules.predicate
def is_authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_administrator(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def scope_of(obj) -> list:
    """The objects on which roles count for ``obj`` (``obj.role_scope()``, else ``[obj]``)."""
    if obj is None:
        return []
    scope = getattr(obj, "role_scope", None)
    return list(scope()) if callable(scope) else [obj]


def holds_role(user, obj, kinds) -> bool:
    """Whether ``user`` holds one of ``kinds`` on one of the objects of ``obj``'s scope."""
    if not (user and user.is_authenticated and user.is_active) or obj is None:
        return False
    from sante_locale.accounts.models import Role

    targets = [o for o in scope_of(obj) if o is not None and o.pk is not None]
    if not targets:
        return False
    by_type: dict[int, list[int]] = {}
    for target in targets:
        ct = ContentType.objects.get_for_model(target, for_concrete_model=True)
        by_type.setdefault(ct.pk, []).append(target.pk)
    query = Role.objects.filter(user=user, kind__in=list(kinds))
    from django.db.models import Q

    condition = Q()
    for ct_pk, ids in by_type.items():
        condition |= Q(content_type_id=ct_pk, object_id__in=ids)
    return query.filter(condition).exists()


def role_predicate(*kinds: str, name: str | None = None):
    """A predicate: the user holds one of ``kinds`` on the object's scope."""

    @rules.predicate(name=name or f"holds_{'_or_'.join(kinds)}")
    def predicate(user, obj=None) -> bool:
        return holds_role(user, obj, kinds)

    return predicate


is_coordinator = role_predicate("coordinator")
is_partner = role_predicate("partner")
is_editor = role_predicate("editor")
is_reader = role_predicate("reader")


@rules.predicate
def is_public(user, obj=None) -> bool:
    """The object is marked public (``obj.is_public``)."""
    return bool(obj is not None and getattr(obj, "is_public", False))


@rules.predicate
def is_owner(user, obj=None) -> bool:
    return bool(obj is not None and user and user.is_authenticated and getattr(obj, "owner_id", None) == user.pk)


rules.add_perm("accounts.view_refusedattempt", is_administrator)
rules.add_perm("accounts.view_history", is_administrator)
