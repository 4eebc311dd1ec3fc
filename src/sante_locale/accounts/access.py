"""One door for every permission check: pages, exports, the CLI and the API call these.

A refused check is recorded in the journal of refused attempts (administrators read it)
and raises :class:`Forbidden` with a French message; the web layer turns it into a 403
page, the API into a JSON error with the same text, the CLI into exit code 2.
"""

from __future__ import annotations

import rules

from sante_locale.accounts.models import record_refusal


class Forbidden(Exception):
    """The user may not do this; the message is French and says why."""


class Operator:
    """The person at the server's command line, without ``--utilisateur``: an administrator
    (whoever runs the CLI holds the database anyway)."""

    pk = None
    id = None
    username = "opérateur (ligne de commande)"
    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = True
    is_superuser = True

    def __str__(self) -> str:
        return self.username

    def get_username(self) -> str:
        return self.username


def allowed(user, perm: str, obj=None) -> bool:
    """Whether ``user`` has ``perm`` (a ``rules`` permission) on ``obj``."""
    return rules.has_perm(perm, user, obj)


def require(user, perm: str, obj=None, *, action: str, channel: str = "web", path: str = "",
            message: str | None = None) -> None:
    """Raise :class:`Forbidden` (and record it) unless ``user`` has ``perm`` on ``obj``."""
    if allowed(user, perm, obj):
        return
    if message is None:
        message = ("Connectez-vous pour " + action + "." if not getattr(user, "is_authenticated", False)
                   else f"Vous n'avez pas le droit {_de(action)}{action}.")
    record_refusal(user, action, message, target=_describe(obj), channel=channel, path=path)
    raise Forbidden(message)


def _de(action: str) -> str:
    """« de » or « d' » before ``action`` (« d'exporter », « de modifier »)."""
    return "d'" if action[:1].lower() in "aeéèêiîoôuy" else "de "


def _describe(obj) -> str:
    if obj is None:
        return ""
    return f"{obj._meta.verbose_name} n° {obj.pk} « {obj} »" if hasattr(obj, "_meta") else str(obj)
