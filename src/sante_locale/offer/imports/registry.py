"""The one registry of import kinds: the CLI (``sante-locale import …``), the administrator
form and the portraits' sources page all read :data:`KINDS`.

It imports neither Django nor a reader: the CLI reads it to build its parser before Django
is set up, and a kind's module is loaded only when one of its files is imported.

>>> [k.cli_name for k in importable()]
['rpps', 'finess', 'insee', 'apl-drees', 'zonage', 'qpv', 'ages']
>>> by_name("apl-drees").key, by_name("published_apl").form_label
('published_apl', 'APL publiée par la DREES')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from sante_locale.offer.imports.report import SupplyReport


@dataclass(frozen=True)
class ImportKind:
    """One kind of official file: every layer (CLI, web form, portrait sources) reads this.

    ``key`` is the internal and stored key (``SupplyImport.kind``), in English; the French
    texts are for the edges: ``label`` heads the import report, ``form_label`` is the choice
    of the administrator form, ``cli_help`` the help of ``sante-locale import CLI_NAME`` and
    ``source`` the line of the portraits' sources page. ``module`` names the module of this
    package whose ``read(path)`` reads the file (never writes) and whose
    ``write(data, path, check_only)`` imports it in one transaction; it is loaded only when
    a file is imported, so the CLI builds its parser without Django. A kind without
    ``cli_name`` (the fictive demo supply) is recorded but never imported from a file.
    """

    module: str
    key: str
    label: str
    source: str
    cli_name: str | None = None
    cli_help: str = ""
    cli_example: str = ""
    form_label: str = ""
    suffixes: tuple[str, ...] = ()

    @property
    def reader(self) -> Callable[[Path], object]:
        """``read(path)`` of this kind: the file's rows, checked (``SourceError`` on a bad file)."""
        return import_module(f"{__package__}.{self.module}").read

    @property
    def importer(self) -> Callable[..., SupplyReport]:
        """``write(data, path, check_only)`` of this kind: one transaction, the report back."""
        return import_module(f"{__package__}.{self.module}").write

    def read_and_import(self, path: str | Path, check_only: bool = False) -> SupplyReport:
        """Read ``path`` with this kind's reader and import it (``SourceError`` on a bad file)."""
        path = Path(path)
        return self.importer(self.reader(path), path, check_only)


#: Every kind recorded in ``SupplyImport.kind``, in the order the CLI and the form offer them.
KINDS: tuple[ImportKind, ...] = (
    ImportKind(
        module="rpps", key="rpps", label="Annuaire Santé (RPPS)", source="Annuaire Santé (RPPS/ADELI)",
        cli_name="rpps", cli_help="l'Annuaire Santé (professionnels, lieux et activités)",
        cli_example="PS_LibreAcces_Personne_activite_202605120800.txt",
        form_label="Annuaire Santé (RPPS) : professionnels, lieux et activités", suffixes=(".txt", ".csv", ".zip", ".gz"),
    ),
    ImportKind(
        module="finess", key="finess", label="établissements FINESS", source="FINESS",
        cli_name="finess", cli_help="les établissements FINESS", cli_example="etalab-cs1100507-stock-20260512.csv",
        form_label="Établissements FINESS", suffixes=(".csv", ".json", ".zip", ".gz"),
    ),
    ImportKind(
        module="population", key="population", label="population INSEE par âge", source="INSEE, population par âge",
        cli_name="insee", cli_help="la population par âge de l'INSEE", cli_example="base-cc-evol-struct-pop-2021.csv",
        form_label="Population par âge (INSEE)", suffixes=(".csv", ".xlsx", ".zip"),
    ),
    ImportKind(
        module="published_apl", key="published_apl", label="APL publiée par la DREES", source="DREES, APL publiée",
        cli_name="apl-drees", cli_help="l'APL publiée par la DREES", cli_example="apl_generalistes.xlsx",
        form_label="APL publiée par la DREES", suffixes=(".xlsx",),
    ),
    ImportKind(
        module="zoning", key="zoning", label="zonage", source="Zonage (Atlasanté)",
        cli_name="zonage", cli_help="le zonage des professions (ZIP, ZAC…)", cli_example="zonage-infirmiers.csv",
        form_label="Zonage d'une profession (ZIP, ZAC…)", suffixes=(".csv", ".txt", ".gz", ".xlsx"),
    ),
    ImportKind(
        module="qpv", key="qpv", label="QPV", source="ANCT, QPV 2024",
        cli_name="qpv", cli_help="les quartiers prioritaires (QPV 2024)", cli_example="qpv2024.geojson",
        form_label="Quartiers prioritaires (QPV 2024)", suffixes=(".geojson", ".json", ".gpkg", ".zip"),
    ),
    ImportKind(
        module="birth_years", key="birth_years", label="années de naissance des professionnels", source="Années de naissance (fichier local)",
        cli_name="ages", cli_help="les années de naissance des professionnels (fichier local rpps_id;annee_naissance)",
        cli_example="ages.csv", form_label="Années de naissance des professionnels (fichier local)",
        suffixes=(".csv", ".txt"),
    ),
    ImportKind(module="demo_supply", key="demo", label="offre fictive de démonstration",
               source="Offre de soins fictive (démonstration)"),
)
_BY_NAME = {k.key: k for k in KINDS} | {k.cli_name: k for k in KINDS if k.cli_name}


def importable() -> list[ImportKind]:
    """The kinds read from an official or local file (the fictive demo supply is not)."""
    return [k for k in KINDS if k.cli_name]


def by_name(name: str) -> ImportKind:
    """The kind of key or CLI name ``name`` (``KeyError`` if there is none)."""
    return _BY_NAME[name]


def source_label(key: str) -> str:
    """The portraits' sources line of the stored kind ``key`` (the key itself if unknown)."""
    kind = _BY_NAME.get(key)
    return kind.source if kind else key


def read_and_import(kind: str, path: str | Path, check_only: bool = False) -> SupplyReport:
    """Read ``path`` with the reader of ``kind`` (key or CLI name) and import it.

    Raises ``SourceError`` on a bad file; nothing is written then.
    """
    return by_name(kind).read_and_import(path, check_only)
