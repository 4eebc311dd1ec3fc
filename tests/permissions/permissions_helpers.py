"""Helpers shared by the matrix and other tests (importable by name)."""

from __future__ import annotations


def fingerprint() -> tuple:
    """What a refused write must leave unchanged: the count of every history table, roles,
    tokens and territories."""
    from django.apps import apps

    from sante_locale.accounts.models import APIToken, Role
    from sante_locale.coordination.models import CalendarToken

    counts = [m.objects.count() for m in apps.get_models()
              if m._meta.label_lower.split(".")[1].startswith("historical")]
    return (*counts, Role.objects.count(), APIToken.objects.count(), CalendarToken.objects.count())


def table_counts() -> tuple:
    """The row count of every table (in one query) but the journal of refused attempts and
    the sessions (bookkeeping of a refusal and of a visit): what reading a page leaves unchanged."""
    from django.apps import apps
    from django.db import connection

    from sante_locale.accounts.models import RefusedAttempt

    skip = {"django_session", RefusedAttempt._meta.db_table}
    tables = sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)
                     if m._meta.managed and not m._meta.proxy} - skip)
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def page_text(response) -> str:
    """What a page says, past its HTML escapes and its French typography (’, narrow spaces)."""
    import html

    from sante_locale.core.formats import plain

    return plain(html.unescape(response.content.decode()))


def form_data(form, changes: dict | None = None) -> dict:
    """The POST body of ``form`` (a form or a formset, unbound) as it is shown, with
    ``changes`` (by field name, prefix included): what a user sends who changes only that."""
    forms = [form] if not hasattr(form, "management_form") else [form.management_form, *form.forms]
    data = {}
    for one in forms:
        for field in one:
            value = field.value()
            if isinstance(value, (list, tuple)):
                data[field.html_name] = [str(v) for v in value]
            elif value is None or value is False:
                data[field.html_name] = ""
            else:
                data[field.html_name] = str(value)
    data.update(changes or {})
    return data
