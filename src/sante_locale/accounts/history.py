"""The change history of an object, read from django-simple-history, as plain entries:
who, when, what kind of change, and each field before → after (French labels).

Every model of the coordination pillar (and custom territories) keeps a history; fields
that are personal contact data are excluded from it (RGPD: the history keeps no more than
needed), and removing a person purges its history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps

KIND_LABELS = {"+": "création", "~": "modification", "-": "suppression"}


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    at: object
    user: str
    kind: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def tracked_models() -> dict[str, type]:
    """Models with a history, by ``app_label.model_name``."""
    out = {}
    for model in apps.get_models():
        if hasattr(model, "history") and getattr(model._meta, "simple_history_manager_attribute", None):
            out[model._meta.label_lower] = model
    return out


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):  # m2m: list of dicts of the through rows
        return f"{len(value)} élément(s)"
    return str(value)


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field removed since: show its name
        return name


def entries(model, pk: int) -> list[Entry]:
    """History of the object ``pk`` of ``model``, newest first (also after its deletion)."""
    records = list(model.history.filter(id=pk).select_related("history_user").order_by("-history_date",
                                                                                       "-history_id"))
    out = []
    for n, record in enumerate(records):
        user = record.history_user.username if record.history_user else "système"
        entry = Entry(record.history_date, user, KIND_LABELS.get(record.history_type, record.history_type),
                      reason=record.history_change_reason or "")
        previous = records[n + 1] if n + 1 < len(records) else None
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            entry.changes = [Change(_label(model, c.field), _text(c.old), _text(c.new)) for c in delta.changes]
        out.append(entry)
    return out
