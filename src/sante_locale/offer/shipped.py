"""Import the real open data shipped with the package (``sante_locale/data/``) for the demo.

The DREES published APL for GPs (2022 and 2023) and the ANCT QPV 2024 list per commune go
through the ordinary import path (:func:`~sante_locale.offer.imports.read_and_import`,
readers of ``core.sources``): the same checks, the same all-or-nothing transaction, the
same ``SupplyImport`` record. Nothing is imported over data already there (a file the
user imported, or a previous demo run): a second run changes nothing.
"""

from __future__ import annotations

from importlib.resources import as_file, files

from sante_locale.core.formats import fr_number
from sante_locale.offer.imports import read_and_import
from sante_locale.offer.models import PublishedAPL, SupplyImport
from sante_locale.territories.models import Commune

APL_FILE = "drees_apl_medecins_generalistes_2022_2023.csv.gz"
QPV_FILE = "anct_qpv2024_communes.geojson"


def shipped_file(name: str):
    """Context manager giving a real path to a file of ``sante_locale/data``."""
    return as_file(files("sante_locale.data") / name)


def import_shipped_data() -> list[str]:
    """Import the published APL and the QPV list unless already there; French summary lines."""
    if not Commune.objects.exists():
        return ["APL publiée et QPV non importés : aucune commune dans le référentiel."]
    return [_published_apl(), _qpv()]


def _aside(report) -> str:
    n = len(report.set_aside)
    return f" ; {fr_number(n)} ligne(s) écartée(s) (communes absentes du référentiel chargé)" if n else ""


def _published_apl() -> str:
    present = PublishedAPL.objects.filter(profession="medecin_generaliste")
    if present.exists():
        vintages = ", ".join(sorted(set(present.values_list("vintage", flat=True))))
        return f"APL publiée par la DREES déjà présente (millésimes {vintages}) : rien à faire."
    with shipped_file(APL_FILE) as path:
        report = read_and_import("apl-drees", path)
    counts = report.counts.get("communes par profession et millésime", {})
    detail = ", ".join(f"{fr_number(n)} communes en {key.rsplit(' ', 1)[-1]}" for key, n in counts.items())
    return (f"APL aux médecins généralistes publiée par la DREES (millésimes {report.vintage}) importée depuis "
            f"les données du paquet : {detail}{_aside(report)}.")


def _qpv() -> str:
    previous = SupplyImport.objects.filter(kind="qpv").first()
    if previous is not None:
        return f"QPV déjà importés ({previous.file_name}, {previous.vintage}) : rien à faire."
    with shipped_file(QPV_FILE) as path:
        report = read_and_import("qpv", path)
    qpv = report.counts.get("QPV", {}).get("total", 0)
    links = report.counts.get("liens QPV–commune", {}).get("total", 0)
    return (f"Quartiers prioritaires (QPV {report.vintage}, liste ANCT par commune) importés depuis les données "
            f"du paquet : {fr_number(qpv)} QPV, {fr_number(links)} liens QPV–commune{_aside(report)}.")
