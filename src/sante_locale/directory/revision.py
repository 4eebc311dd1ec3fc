"""The directory's revision: it changes with every change of a service, a stop, a closure,
a directory profile or a structure (each writes a history row, whose key only grows).

Public pages are a function of (address, minute, revision): statuses are computed per
minute, so a page kept for the rest of its minute under the same revision is exactly the
page that would be computed again."""

from __future__ import annotations


def current() -> tuple:
    from sante_locale.directory.models import (
        DirectoryProfile,
        MobileStop,
        Service,
        TemporaryClosure,
    )
    from sante_locale.structures.models import Structure

    return tuple(model.history.order_by("-history_id").values_list("history_id", flat=True).first()
                 for model in (Service, MobileStop, TemporaryClosure, DirectoryProfile, Structure))
