"""Exports of the coordination pillar: the articulation of a territory (CSV, XLSX, GeoJSON,
JSON) and one dispositif with everything around it (XLSX, JSON).

Same conventions as the portrait's exports: CSV for French Excel (``;``, decimal comma,
UTF-8 with BOM), numbers stored as numbers in XLSX (openpyxl), French headers, stored keys
in English in JSON.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from openpyxl import Workbook
from openpyxl.styles import Font

from sante_locale.coordination.articulation import TerritoryArticulation, layer_geometries
from sante_locale.coordination.perimeters import describe, population_of
from sante_locale.core.portrait.exports.csv import csv_cell
from sante_locale.core.portrait.exports.xlsx import sheet_name


@dataclass
class ExportTable:
    key: str
    title: str  # French
    columns: list[tuple[str, str]]  # key, French header
    rows: list[dict]


def _num(value):
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return None if not np.isfinite(number) else (int(number) if number.is_integer() and abs(number) > 1e3
                                                 else round(number, 4))


def articulation_tables(art: TerritoryArticulation) -> list[ExportTable]:
    """The articulation as French tables (coverage, gaps, overlaps, partners, means)."""
    r = art.result
    names = {k: art.name(k) for k in r.dispositifs["key"]}
    coverage_cols = [("insee_code", "Code INSEE"), ("name", "Commune"), ("population", "Population"),
                     ("count", "Nombre de dispositifs"), ("without_cls_asv", "Sans CLS ni ASV")]
    coverage_cols += [(f"d{k}", names[k]) for k in r.dispositifs["key"]]
    coverage_rows = []
    for i, row in enumerate(r.coverage_table().to_dict("records")):
        item = {**row, "population": _num(row["population"])}
        for j, k in enumerate(r.dispositifs["key"]):
            item[f"d{k}"] = bool(r.coverage[i, j])
        coverage_rows.append(item)
    gaps = [{**g, "population": _num(g["population"])} for g in r.gap_communes().to_dict("records")]
    apl = [{k: _num(v) if k in ("population", "apl") else v for k, v in g.items()}
           for g in r.apl_gap_communes().to_dict("records")]
    overlaps = [{"a": names[o["a"]], "b": names[o["b"]], "shared_communes": int(o["shared_communes"]),
                 "shared_population": _num(o["shared_population"])} for o in r.overlaps.to_dict("records")]
    partners = [{"structure": p["structure"], "count": int(p["count"]),
                 "dispositifs": ", ".join(names[k] for k in p["dispositifs"])}
                for p in r.shared_partners.to_dict("records")]
    means = [{"name": m["name"], "kind": m["kind_label"], "population": _num(m["population"]), "fte": _num(m["fte"]),
              "fte_per_10k": _num(m["fte_per_10k"]), "funding": _num(m["funding"]),
              "funding_year": m["funding_year"], "funding_per_10k": _num(m["funding_per_10k"])}
             for m in r.means.to_dict("records")]
    return [
        ExportTable("couverture", "Communes et dispositifs", coverage_cols, coverage_rows),
        ExportTable("lacunes", "Communes sans CLS ni ASV", [("insee_code", "Code INSEE"), ("name", "Commune"),
                                                             ("population", "Population")], gaps),
        ExportTable("qpv", "QPV sans CLS ni ASV", [("qpv_code", "Code QPV"), ("name", "Quartier"),
                                                    ("communes", "Communes")], r.qpv_gaps.to_dict("records")),
        ExportTable("apl", "Communes sous 2,5 d'APL hors CPTS", [("insee_code", "Code INSEE"), ("name", "Commune"),
                                                                  ("population", "Population"),
                                                                  ("apl", "APL (consultations/hab./an)")], apl),
        ExportTable("chevauchements", "Chevauchements", [("a", "Dispositif"), ("b", "Autre dispositif"),
                                                         ("shared_communes", "Communes en commun"),
                                                         ("shared_population", "Population en commun")], overlaps),
        ExportTable("partenaires", "Partenaires partagés", [("structure", "Structure"),
                                                            ("count", "Nombre de dispositifs"),
                                                            ("dispositifs", "Dispositifs")], partners),
        ExportTable("moyens", "Moyens des dispositifs", [
            ("name", "Dispositif"), ("kind", "Type"), ("population", "Population du périmètre"),
            ("fte", "ETP de coordination"), ("fte_per_10k", "ETP pour 10 000 habitants"),
            ("funding", "Financements (€)"), ("funding_year", "Année des financements"),
            ("funding_per_10k", "Financements pour 10 000 habitants (€)")], means),
    ]


TABLE_KEYS = ("couverture", "lacunes", "qpv", "apl", "chevauchements", "partenaires", "moyens")


def table_csv(table: ExportTable) -> str:
    """One table as French CSV text (``;``, decimal comma; write it with a BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([label for _, label in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(row.get(key)) for key, _ in table.columns])
    return out.getvalue()


def write_xlsx(tables: list[ExportTable], path, title: str, notes: list[str] = ()):
    """Tables to an XLSX workbook (``path``: a path or a binary file), one sheet each, after
    a first sheet naming what it is."""
    book = Workbook()
    about = book.active
    about.title = "À propos"
    about.append([title])
    about["A1"].font = Font(bold=True, size=14)
    for note in notes:
        about.append([note])
    taken = {"à propos"}
    for table in tables:
        sheet = book.create_sheet(sheet_name(table.title, taken))
        sheet.append([label for _, label in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_xlsx_value(row.get(key)) for key, _ in table.columns])
    book.save(path)
    return path


def xlsx_bytes(tables: list[ExportTable], title: str, notes: list[str] = ()) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(tables, buffer, title, notes)
    return buffer.getvalue()


def _xlsx_value(value):
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def articulation_notes(art: TerritoryArticulation) -> list[str]:
    r = art.result
    notes = [f"Territoire : {art.unit.name} ({art.unit.kind_label}, {len(r.communes)} communes).",
             f"Dispositifs : {len(r.dispositifs)} (ceux que votre compte peut voir)."]
    if art.apl_source:
        notes.append(f"APL : {art.apl_source}.")
    if any(getattr(d, "is_demo", False) for d in art.dispositifs.values()):
        notes.append("Contient le scénario de démonstration (personnes fictives).")
    return notes + list(r.notes)


def articulation_json(art: TerritoryArticulation) -> dict:
    """Gaps, overlaps, partners and means as plain JSON-ready data (English keys)."""
    tables = {t.key: t.rows for t in articulation_tables(art)}
    r = art.result
    return {
        "territory": {"level": art.unit.level, "code": art.unit.code, "name": art.unit.name,
                      "communes": len(r.communes), "population": _num(r.population)},
        "dispositifs": [{"id": int(d["key"]), "name": d["name"], "kind": d["kind"], "population": _num(d["population"])}
                        for d in r.dispositifs.to_dict("records")],
        "gaps": {"communes_without_cls_asv": tables["lacunes"], "qpv_without_cls_asv": tables["qpv"],
                 "communes_under_apl_threshold_outside_cpts": tables["apl"] if r.apl_known else None},
        "overlaps": tables["chevauchements"], "shared_partners": tables["partenaires"], "means": tables["moyens"],
        "notes": articulation_notes(art),
    }


def articulation_geojson(art: TerritoryArticulation) -> dict:
    """One feature per dispositif (its perimeter inside the territory) and one per commune
    (the dispositifs covering it), WGS84."""
    shapes, layers = layer_geometries(art)
    r = art.result
    features = []
    for d in r.dispositifs.to_dict("records"):
        geometry = layers.get(d["key"])
        features.append({"type": "Feature", "geometry": shapely.geometry.mapping(geometry) if geometry else None,
                         "properties": {"couche": "dispositif", "id": int(d["key"]), "nom": d["name"],
                                        "type": d["kind_label"], "population_perimetre": _num(d["population"])}})
    names = {k: art.name(k) for k in r.dispositifs["key"]}
    for i, c in enumerate(r.communes.to_dict("records")):
        geometry = shapes.get(c["insee_code"])
        features.append({"type": "Feature", "geometry": shapely.geometry.mapping(geometry) if geometry else None,
                         "properties": {"couche": "commune", "code_insee": c["insee_code"], "nom": c["name"],
                                        "population": _num(c["population"]),
                                        "dispositifs": [names[k] for k in art.result.covering(i)],
                                        "sans_cls_ni_asv": bool(r.uncovered[i])}})
    return {"type": "FeatureCollection", "name": f"articulation {art.unit.name}", "features": features}


# --- one dispositif --------------------------------------------------------------------------


def dispositif_record(d) -> dict:
    """A dispositif with its partners, funding, links and bodies (English keys)."""
    return {
        "id": d.pk, "name": d.name, "kind": d.kind.key, "kind_label": d.kind.label, "status": d.status,
        "perimeter": {"level": d.perimeter_level, "code": d.perimeter_code, "label": describe(d),
                      "population": population_of(d)},
        "carrier": d.carrier.name, "coordinator": d.coordinator.full_name if d.coordinator_id else None,
        "coordinator_fte": float(d.coordinator_fte) if d.coordinator_fte is not None else None,
        "signed_on": _date(d.signed_on), "starts_on": _date(d.starts_on), "ends_on": _date(d.ends_on),
        "renewal_on": _date(d.renewal_on), "is_public": d.is_public, "is_demo": d.is_demo,
        "partners": [{"structure": p.structure.name, "role": p.role, "role_label": p.get_role_display(),
                      "representative": p.representative.full_name if p.representative_id else None}
                     for p in d.partnerships.select_related("structure", "representative").order_by("role", "pk")],
        "fundings": [{"funder": f.funder.name, "amount": float(f.amount), "year": f.year, "purpose": f.purpose}
                     for f in d.fundings.select_related("funder")],
        "links": [{"kind": link.kind, "kind_label": link.get_kind_display(), "target": link.target.name,
                   "target_id": link.target_id} for link in d.links_out.select_related("target")]
        + [{"kind": link.kind, "kind_label": link.get_kind_display(), "source": link.source.name,
            "source_id": link.source_id} for link in d.links_in.select_related("source")],
        "bodies": [{"id": b.pk, "name": b.name, "kind": b.kind} for b in d.bodies.all()],
    }


def _date(value):
    return value.isoformat() if value else None


def dispositif_tables(record: dict) -> list[ExportTable]:
    general = [("Nom", record["name"]), ("Type", record["kind_label"]), ("Statut", record["status"]),
               ("Périmètre", record["perimeter"]["label"]), ("Population du périmètre", record["perimeter"]["population"]),
               ("Porteur", record["carrier"]), ("Coordination", record["coordinator"]),
               ("ETP de coordination", record["coordinator_fte"]), ("Signé le", record["signed_on"]),
               ("Début", record["starts_on"]), ("Fin", record["ends_on"]), ("Renouvellement", record["renewal_on"])]
    return [
        ExportTable("dispositif", "Dispositif", [("k", "Rubrique"), ("v", "Valeur")],
                    [{"k": k, "v": v} for k, v in general]),
        ExportTable("partenaires", "Partenaires", [("structure", "Structure"), ("role_label", "Rôle"),
                                                   ("representative", "Représenté·e par")], record["partners"]),
        ExportTable("financements", "Financements", [("funder", "Financeur"), ("amount", "Montant (€)"),
                                                     ("year", "Année"), ("purpose", "Objet")], record["fundings"]),
        ExportTable("liens", "Liens", [("kind_label", "Lien"), ("target", "Dispositif lié"),
                                       ("source", "Dispositif source")], record["links"]),
        ExportTable("instances", "Instances", [("name", "Instance"), ("kind", "Nature")], record["bodies"]),
    ]


def dispositif_bytes(d, fmt: str) -> bytes:
    """``d`` as an ``xlsx`` workbook or a ``json`` document."""
    record = dispositif_record(d)
    if fmt == "json":
        return json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")
    notes = ["Scénario de démonstration : personnes fictives."] if d.is_demo else []
    return xlsx_bytes(dispositif_tables(record), d.name, notes)


def write_dispositif(d, fmt: str, path) -> Path:
    """Write ``d`` as ``xlsx`` or ``json`` to ``path``."""
    path = Path(path)
    path.write_bytes(dispositif_bytes(d, fmt))
    return path
