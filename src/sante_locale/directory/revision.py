"""The directory's revision: it changes with every change of a service, a stop, a closure,
a directory profile or a structure (each writes a history row, whose key only grows).

Public pages are a function of (address, minute, revision): statuses are computed per
minute, so a page kept for the rest of its minute under the same revision is exactly the
page that would be computed again."""

from __future__ import annotations

from django.db import connection


def current() -> tuple:
    """The largest history key of each directory table, in one query."""
    from sante_locale.directory.models import (
        DirectoryProfile,
        MobileStop,
        Service,
        TemporaryClosure,
    )
    from sante_locale.structures.models import Structure

    tables = [connection.ops.quote_name(m.history.model._meta.db_table)
              for m in (Service, MobileStop, TemporaryClosure, DirectoryProfile, Structure)]
    sql = "SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {t})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())
