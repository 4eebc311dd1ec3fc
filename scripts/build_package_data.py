#!/usr/bin/env python3
"""Build the open data files shipped in ``src/sante_locale/data/`` from ``../shared/data/real``.

Reproducible: the same inputs give byte-identical outputs (gzip without a timestamp,
rows in a fixed order). Run from the repository root::

    .venv/bin/python scripts/build_package_data.py [--shared ../shared/data]

1. ``drees_apl_medecins_generalistes_2022_2023.csv.gz``: the two sheets ``APL 2022`` and
   ``APL 2023`` of the verbatim DREES workbook ``apl_generalistes.xlsx``, read with the
   product's own reader, stacked with a ``Millésime`` column first; DREES headers kept
   (year dropped from the population headers); every value copied cell for cell
   (shortest decimal text of the workbook's number, no rounding); rows in workbook order.
2. ``anct_qpv2024_communes.geojson``: the ANCT file copied byte for byte.

The script prints each output with its size and SHA-256; ``SOURCES.md`` records them.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import math
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sante_locale.core.sources.drees_apl import read_drees_apl  # noqa: E402
from sante_locale.core.sources.drees_apl_csv import VINTAGE_HEADER  # noqa: E402

OUT = ROOT / "src" / "sante_locale" / "data"
APL_SOURCE = "real/drees_apl_medecins_generalistes_2022_2023/apl_generalistes.xlsx"
APL_TARGET = "drees_apl_medecins_generalistes_2022_2023.csv.gz"
QPV_SOURCE = "real/anct_qpv2024_communes/centroide-4326_qpv.geojson"
QPV_TARGET = "anct_qpv2024_communes.geojson"
HEADER = [VINTAGE_HEADER, "Code commune INSEE", "Commune", "APL aux médecins généralistes",
          "APL aux médecins généralistes de moins de 65 ans",
          "Population standardisée pour la médecine générale", "Population totale"]  # fmt: skip


def number(value: float) -> str:
    """Shortest text giving back the same float (``806.0`` → ``806``; NaN → empty)."""
    if value is None or math.isnan(value):
        return ""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def build_apl(source: Path, target: Path) -> int:
    vintages = read_drees_apl(source)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    rows = 0
    for sheet in vintages:
        if sheet.profession != "medecin_generaliste":
            raise SystemExit(f"unexpected profession {sheet.profession} in {source}")
        for r in sheet.data.itertuples(index=False):
            writer.writerow([sheet.vintage, r.insee_code, r.commune, number(r.apl), number(r.apl_under_65),
                             number(r.standardised_population), number(r.total_population)])
            rows += 1
    with target.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="",
                                                 compresslevel=9) as gz:
        gz.write(buffer.getvalue().encode("utf-8"))
    return rows


def describe(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return f"{path.name}: {path.stat().st_size} bytes, sha256 {digest}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data",
                        help="the shared data folder (default: ../shared/data beside the checkout)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = build_apl(args.shared / APL_SOURCE, OUT / APL_TARGET)
    print(f"{describe(OUT / APL_TARGET)}, {rows} rows")
    shutil.copyfile(args.shared / QPV_SOURCE, OUT / QPV_TARGET)
    print(describe(OUT / QPV_TARGET))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
