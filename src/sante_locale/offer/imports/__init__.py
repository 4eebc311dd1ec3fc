"""Write what the readers of ``core.sources`` returned to the database, one module per kind.

Each module (:mod:`.rpps`, :mod:`.finess`, :mod:`.population`, :mod:`.published_apl`,
:mod:`.zoning`, :mod:`.qpv`, :mod:`.birth_years`) holds one importer, which takes the
reader's output (it never parses a file), checks every row against the communes of the
database and writes in ONE transaction: the older data of that kind is deleted and the new
rows inserted, so a re-import replaces cleanly and a failure leaves the database as it was.
``check_only=True`` does everything but the writing. :mod:`.registry` describes every
kind once (:class:`~.registry.ImportKind`) and :func:`read_and_import` chains the right
reader and importer (the CLI and the import page call it). Importing this package needs no
Django set-up; the writing modules do (``SupplyReport`` is in :mod:`.report`).
"""

from sante_locale.offer.imports.registry import (
    KINDS,
    ImportKind,
    by_name,
    importable,
    read_and_import,
    source_label,
)

__all__ = ["KINDS", "ImportKind", "by_name", "importable", "read_and_import", "source_label"]
