"""Portraits built once and kept until an input changes; their files (PDF, XLSX, GeoPackage,
GeoJSON, CSV) likewise.

The cache key covers the code and format version, the territory, the peer, the reference
import, every supply import, the travel-time model, today's date (ages are computed from
birth years) and the stored custom territory's communes: a new import, a new model, a new
day or an edited perimeter gives a new key, so nothing stale is ever served.

The server runs several threads: a portrait or file is built once per key under a lock,
and every file is written to a temporary name then renamed (atomic on one file system).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

import sante_locale
from sante_locale.accessibility import engine
from sante_locale.accessibility.inputs import input_stamp
from sante_locale.config import env
from sante_locale.coordination.articulation import coordination_stamp
from sante_locale.core import charts, clock
from sante_locale.core.formats import prose, prose_html
from sante_locale.core.portrait.build import build_portrait
from sante_locale.core.portrait.maps import layer_map
from sante_locale.core.portrait.model import UNAVAILABLE, Portrait
from sante_locale.portraits.gather import gather
from sante_locale.territories.models import Territory

FORMATS = {
    "pdf": ("application/pdf", "PDF"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "tableur XLSX"),
    "gpkg": ("application/geopackage+sqlite3", "GeoPackage (QGIS)"),
    "geojson": ("application/geo+json", "GeoJSON"),
    "csv": ("text/csv; charset=utf-8", "CSV des communes"),
}
#: Version of the cached portrait and files: bump it when the Portrait data or an export changes.
FORMAT_VERSION = 3
_MEMORY: dict[str, Portrait] = {}
_LOCK = threading.Lock()  # guards _MEMORY and _KEY_LOCKS
_KEY_LOCKS: dict[str, threading.Lock] = {}
Progress = Callable[[str, int, int], None]


def _key_lock(name: str) -> threading.Lock:
    with _LOCK:
        return _KEY_LOCKS.setdefault(name, threading.Lock())


def _write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Write ``path`` through ``write(temporary_path)`` then rename it into place."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=f".partiel{path.suffix}")
    os.close(fd)
    temporary = Path(name)
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def cache_dir() -> Path:
    path = env.home() / "cache" / "portraits"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_key(unit, peer=None) -> str:
    stamp = input_stamp()
    parts = [FORMAT_VERSION, sante_locale.__version__, unit.level, unit.code, peer.level if peer else "",
             peer.code if peer else "", stamp, engine.travel_record()["fingerprint"], clock.today().isoformat()]
    parts.append(coordination_stamp())  # the « Dispositifs de coordination » section follows the registry
    if isinstance(unit, Territory):
        parts.append(sorted(unit.communes.values_list("insee_code", flat=True)))
        parts.append(unit.updated_at.isoformat())
    blob = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def portrait_of(unit, peer=None, progress: Progress | None = None) -> Portrait:
    """The portrait of ``unit`` (from memory, then disk, else built)."""
    report = progress or (lambda *_: None)
    key = cache_key(unit, peer)
    with _LOCK:
        if key in _MEMORY:
            return _MEMORY[key]
    path = cache_dir() / f"{key}.pickle"
    with _key_lock(key):
        if path.exists():
            portrait = pickle.loads(path.read_bytes())
        else:
            report("lecture des données", 0, 3)
            inputs = gather(unit, peer)
            report("calcul des indicateurs", 1, 3)
            portrait = build_portrait(inputs)
            _write_atomic(path, lambda p: p.write_bytes(pickle.dumps(portrait)))
    with _LOCK:
        _MEMORY.clear()  # keep one portrait in memory per process: the one being viewed
        _MEMORY[key] = portrait
    return portrait


def page_context(portrait: Portrait, width: int = 800, height: int = 560) -> dict:
    """What the page and the PDF show, from one definition of every chart and map."""
    sections = []
    for section in portrait.sections:
        sections.append({
            "section": section,
            "charts": [{"chart": c, "svg": charts.render(c)} for c in section.charts],
            "maps": [{"layer": m, "map": layer_map(portrait, m, width, height)} for m in section.maps],
        })
    footer = prose("".join(ch for ch in portrait.territory["name"] if ch not in '"\\<>'))
    return {"portrait": portrait, "sections": sections, "footer_label": mark_safe(footer),  # noqa: S308
            "comparison_labels": portrait.parameters.get("comparaisons", []), "unavailable_text": UNAVAILABLE}


def export(unit, fmt: str, peer=None, progress: Progress | None = None) -> Path:
    """The file of ``unit``'s portrait in ``fmt``, generated once per input state."""
    if fmt not in FORMATS:
        raise ValueError(f"Format « {fmt} » inconnu : choisissez parmi {', '.join(FORMATS)}.")
    report = progress or (lambda *_: None)
    key = cache_key(unit, peer)
    path = cache_dir() / f"{key}.{fmt}"
    if path.exists():
        report("déjà prêt (cache)", 3, 3)
        return path
    portrait = portrait_of(unit, peer, progress)
    with _key_lock(f"{key}.{fmt}"):
        if path.exists():
            report("déjà prêt (cache)", 3, 3)
            return path
        report(f"écriture {FORMATS[fmt][1]}", 2, 3)
        _write_atomic(path, lambda partial: _writer(fmt)(portrait, partial))
    report("terminé", 3, 3)
    return path


def _writer(fmt: str) -> Callable[[Portrait, Path], None]:
    if fmt == "pdf":
        return write_pdf
    if fmt == "xlsx":
        from sante_locale.core.portrait.exports.xlsx import write_xlsx

        return write_xlsx
    if fmt == "gpkg":
        from sante_locale.core.portrait.exports.gpkg import write_gpkg

        return write_gpkg
    if fmt == "geojson":
        from sante_locale.core.portrait.exports.geojson import write_geojson

        return write_geojson
    from sante_locale.core.portrait.exports.csv import write_csv

    return write_csv


PDF_COMPACT_ABOVE = 150  # communes: beyond, the PDF table keeps the key columns (all are in the XLSX)
PDF_KEY_COLUMNS = ("insee_code", "name", "population", "n_medecin_generaliste", "gp_per_10k", "apl", "apl_class",
                   "nearest_minutes", "apl_published")


def write_pdf(portrait: Portrait, path: Path) -> None:
    """A4 PDF: cover, table of contents, sections with maps and charts, sources page."""
    import weasyprint

    context = page_context(portrait, 700, 520)
    columns = portrait.communes.columns
    if len(portrait.communes.rows) > PDF_COMPACT_ABOVE:
        columns = [c for c in columns if c.key in PDF_KEY_COLUMNS]
    context.update(pdf_columns=columns, pdf_compact=len(columns) < len(portrait.communes.columns))
    html = prose_html(render_to_string("www/portrait_pdf.html", context))  # French typography, as the pages
    weasyprint.HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf(path)


def file_name(portrait: Portrait, fmt: str) -> str:
    from django.utils.text import slugify

    return f"portrait-{slugify(portrait.territory['name'])[:60] or 'territoire'}.{fmt}"
