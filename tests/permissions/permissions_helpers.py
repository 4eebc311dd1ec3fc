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
