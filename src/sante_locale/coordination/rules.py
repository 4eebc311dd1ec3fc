"""Who may do what on dispositifs and their governance (``rules`` permissions).

- administrator: everything;
- coordinator of a dispositif: edits it, its partners, funding, links, bodies, meetings,
  agenda, attendance and decisions, and gives roles on it;
- partner of a dispositif: reads it (partners, funding, bodies, decisions), comments, sees
  the meetings they are invited to (an attendance of their person) or that are public;
- anyone, anonymous included: reads a dispositif marked public (not its meetings, unless a
  meeting is public too).
Roles count on an object's ``role_scope()`` (a meeting: the dispositifs of its body).
"""

import rules

from sante_locale.accounts.rules import (
    is_administrator,
    is_authenticated,
    is_coordinator,
    is_partner,
    is_public,
)

__all__ = ["edits", "reads"]


def _meeting_of(obj):
    """The meeting of a meeting, agenda item, attendance or decision."""
    return obj if obj is None or hasattr(obj, "attendances") else getattr(obj, "meeting", None)


@rules.predicate
def is_invited(user, obj=None) -> bool:
    """The user's person is among the attendances of the (object's) meeting."""
    meeting = _meeting_of(obj)
    if meeting is None or not getattr(user, "is_authenticated", False) or user.pk is None:
        return False
    return meeting.attendances.filter(person__user_id=user.pk).exists()


@rules.predicate
def meeting_is_public(user, obj=None) -> bool:
    meeting = _meeting_of(obj)
    return bool(meeting is not None and meeting.is_public)


@rules.predicate
def dispositif_is_public(user, obj=None) -> bool:
    """Every dispositif of the object's scope is public."""
    from sante_locale.accounts.rules import scope_of

    scope = scope_of(obj)
    return bool(scope) and all(getattr(d, "is_public", False) for d in scope)


edits = is_administrator | is_coordinator
reads = edits | is_partner

rules.add_perm("coordination.add_dispositif", is_authenticated)
rules.add_perm("coordination.view_dispositif", reads | is_public)
rules.add_perm("coordination.change_dispositif", edits)
rules.add_perm("coordination.delete_dispositif", is_administrator)
rules.add_perm("coordination.manage_roles", edits)
rules.add_perm("coordination.comment_dispositif", reads)

for model in ("partnership", "funding", "dispositiflink", "body", "bodymember"):
    rules.add_perm(f"coordination.view_{model}", reads | dispositif_is_public)
    rules.add_perm(f"coordination.change_{model}", edits)
for model in ("meeting", "agendaitem", "attendance", "decision"):
    rules.add_perm(f"coordination.view_{model}", edits | (is_partner & is_invited) | meeting_is_public)
    rules.add_perm(f"coordination.change_{model}", edits)
rules.add_perm("coordination.view_comment", reads)
rules.add_perm("coordination.change_comment", is_administrator)
