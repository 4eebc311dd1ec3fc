"""Finding one object for the API as the pages do: a missing object and one the caller may
not see get the same French 404 (ids cannot be probed); a refused read is journaled."""

from __future__ import annotations

from sante_locale.accounts.access import allowed
from sante_locale.accounts.models import record_refusal
from sante_locale.coordination.messages import NOT_FOUND
from sante_locale.www.api.base import user_of
from sante_locale.www.views.units import NotFound


def visible(request, queryset, pk: int, perm: str, what: str):
    obj = queryset.filter(pk=pk).first()
    message = NOT_FOUND.format(what=what)
    if obj is None:
        raise NotFound(message)
    user = user_of(request)
    if not allowed(user, perm, obj):
        record_refusal(user, f"API : voir {what.lower()} n° {pk}", message, target=obj, channel="api",
                       path=request.path)
        raise NotFound(message)
    return obj
