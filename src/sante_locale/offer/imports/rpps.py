"""Annuaire Santé (RPPS): professionals, practice sites and activities."""

from __future__ import annotations

from collections import Counter
from itertools import repeat
from pathlib import Path

import pandas as pd
from django.db import transaction

from sante_locale.core.sources.rpps import read_rpps
from sante_locale.offer.imports.base import (
    SupplyReport,
    as_ids,
    as_texts,
    commune_ids,
    finish,
    insert_rows,
    new_report,
    next_id,
    previous,
    reader_context,
    require_rows,
    reset_sequences,
    vintage_from_name,
    wipe,
    without_indexes,
)
from sante_locale.offer.imports.registry import by_name
from sante_locale.offer.models import Activity, PracticeSite, Professional, SupplyImport


def import_rpps(data, *, vintage: str | None = None, check_only: bool = False) -> SupplyReport:
    """Replace professionals, practice sites and activities by those of ``data`` (``RppsData``)."""
    report = new_report(KIND, data.file_name, vintage or vintage_from_name(data.file_name), check_only,
                        data.set_aside)
    communes = commune_ids()
    acts = data.activities
    report.add("professionnels par profession", Counter(data.professionals["profession"]))
    report.add("activités par profession", Counter(acts["profession"]))
    report.add("lieux d'exercice", {"total": len(data.sites)})
    if data.skipped_professions:
        report.add("lignes d'autres professions (non comptées)", data.skipped_professions)
    require_rows(report, len(data.professionals), "professionnel d'une profession suivie")
    if check_only:
        return report
    v = report.vintage
    # sorted on the unique key: its index is then filled in order (much faster than at random)
    p = data.professionals.sort_values("rpps_id", ignore_index=True)
    s = data.sites.sort_values("site_key", ignore_index=True)
    with transaction.atomic(), without_indexes(Activity, Professional, PracticeSite):
        last = previous(KIND.key) or previous(FICTIVE.key)
        report.replaced = wipe(Activity, Professional, PracticeSite)
        report.previous_vintage = last.vintage if last and report.replaced else ""
        SupplyImport.objects.filter(kind=FICTIVE.key).delete()
        # explicit primary keys: activities point to positions in the frames, no lookup query
        first_person, first_site = next_id(Professional), next_id(PracticeSite)
        n = len(p)
        insert_rows(Professional, ("id", "rpps_id", "profession", "savoir_faire_code", "last_name", "first_name",
                                   "age_status", "fictive", "vintage"),
                    zip(range(first_person, first_person + n), p["rpps_id"].tolist(), p["profession"].tolist(),
                        as_texts(p["savoir_faire_code"]), as_texts(p["last_name"], 200), as_texts(p["first_name"], 200),
                        repeat("missing", n), repeat(False, n), repeat(v, n), strict=True))
        n = len(s)
        insert_rows(PracticeSite, ("id", "site_key", "name", "address", "postcode", "commune", "kind", "fictive",
                                   "vintage"),
                    zip(range(first_site, first_site + n), s["site_key"].tolist(), as_texts(s["name"], 300),
                        as_texts(s["address"], 400), as_texts(s["postcode"], 5), as_ids(s["insee_code"].map(communes)),
                        repeat("", n), repeat(False, n), repeat(v, n), strict=True))
        people = pd.Index(p["rpps_id"]).get_indexer(acts["rpps_id"]) + first_person
        places = pd.Index(s["site_key"]).get_indexer(acts["site_key"])
        places = [None if i < 0 else i + first_site for i in places.tolist()]
        n = len(acts)
        insert_rows(Activity, ("professional", "site", "profession", "mode", "sector_code", "fictive"),
                    zip(people.tolist(), places, acts["profession"].tolist(), as_texts(acts["mode"], 2),
                        as_texts(acts["sector_code"], 10), repeat(False, n), strict=True))
        reset_sequences(Professional, PracticeSite)
        finish(report)
    return report


KIND = by_name("rpps")


def read(path: Path):
    """Read ``path`` (never writes)."""
    return read_rpps(path, **reader_context())


def write(data, path: Path, check_only: bool = False) -> SupplyReport:
    """Import what :func:`read` returned, in one transaction."""
    return import_rpps(data, check_only=check_only)
FICTIVE = by_name("demo")  # the fictive demo supply fills the same tables; a real directory replaces it
