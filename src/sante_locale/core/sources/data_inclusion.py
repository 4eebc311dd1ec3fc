"""data·inclusion v1 files (structures and services), read and written, validated by the
pinned ``data-inclusion-schema`` package's pydantic models.

Formats
-------
- JSON (``data-inclusion-json``): an object ``{"structures": [...], "services": [...]}``,
  or a list of records (a record with ``structure_id`` is a service).
- CSV: one file of services (comma-separated, UTF-8, header = the schema's field names,
  lists written ``a,b``), and beside it, when structures are exported, the same name with
  ``-structures`` before the extension.

Fields of our superset travel in extra keys prefixed ``sante_locale_`` (the schema's
models ignore unknown keys, so the records stay valid data·inclusion). A record that the
schema refuses is returned as :class:`InvalidRecord` with a French reason; a file that is
not data·inclusion at all raises :class:`~sante_locale.core.sources.errors.SourceError`.

Examples
--------
>>> bundle = read_json_text('{"structures": [], "services": [{"id": "x"}]}', "essai.json")
>>> print(bundle.invalid[0])
essai.json, service n° 1 (id « x ») : champ « source » : champ obligatoire absent ; champ « structure_id » : champ obligatoire absent ; champ « nom » : champ obligatoire absent ; champ « description » : champ obligatoire absent ; champ « date_maj » : champ obligatoire absent
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pydantic
from data_inclusion.schema import v1

from sante_locale.core.formulas import guard, unguard
from sante_locale.core.sources.errors import SourceError

EXTRA_PREFIX = "sante_locale_"
SERVICE_FIELDS = list(v1.Service.model_fields)
STRUCTURE_FIELDS = list(v1.Structure.model_fields)
_LISTS = {name for model in (v1.Service, v1.Structure) for name, f in model.model_fields.items()
          if "set[" in str(f.annotation) or "list[" in str(f.annotation)}
_JSON_EXTRAS = {"sante_locale_arrets", "sante_locale_fermetures", "sante_locale_thematiques"}

__all__ = ["Bundle", "InvalidRecord", "SERVICE_FIELDS", "STRUCTURE_FIELDS", "companion_path", "dump_json",
           "read", "read_json_text", "to_record", "csv_files"]

_MESSAGES = {
    "missing": "champ obligatoire absent",
    "string_too_short": "texte trop court",
    "string_too_long": "texte trop long",
    "too_short": "liste vide",
    "string_pattern_mismatch": "format invalide",
    "url_parsing": "adresse web invalide (elle doit commencer par https:// ou http://)",
    "url_scheme": "adresse web invalide (elle doit commencer par https:// ou http://)",
    "date_from_datetime_parsing": "date invalide (format attendu AAAA-MM-JJ)",
    "date_parsing": "date invalide (format attendu AAAA-MM-JJ)",
    "date_type": "date invalide (format attendu AAAA-MM-JJ)",
    "float_parsing": "nombre attendu",
    "int_parsing": "nombre entier attendu",
    "string_type": "texte attendu",
    "list_type": "liste attendue",
    "set_type": "liste attendue",
    "greater_than_equal": "valeur trop petite",
}


@dataclass
class InvalidRecord:
    """A record the schema (or the importer) refuses, with where and why in French."""

    file: str
    kind: str  # "structure" or "service"
    position: int  # 1-based record number (JSON) or physical line (CSV)
    record_id: str
    reasons: list[str]
    is_line: bool = False

    def __str__(self) -> str:
        kind = "structure" if self.kind == "structure" else "service"
        where = f"ligne {self.position}" if self.is_line else f"{kind} n° {self.position}"
        ident = f" (id « {self.record_id} »)" if self.record_id else ""
        return f"{self.file}, {where}{ident} : " + " ; ".join(self.reasons)


@dataclass
class Bundle:
    """Validated structures and services of a file (schema models and the raw extras)."""

    file: str
    structures: list[tuple[v1.Structure, dict, int]] = field(default_factory=list)  # (model, extras, position)
    services: list[tuple[v1.Service, dict, int]] = field(default_factory=list)
    invalid: list[InvalidRecord] = field(default_factory=list)


def _french(error: dict) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if not isinstance(p, int))
    kind = error.get("type", "")
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        text = "valeur non prévue par le schéma data·inclusion" + (f" (permises : {expected[:300]})" if expected else "")
    elif kind == "value_error":
        text = str(error.get("msg", "")).removeprefix("Value error, ")
        text = "courriel invalide" if "email" in text.lower() else text
    elif kind in ("string_too_short", "string_too_long"):
        limit = error.get("ctx", {}).get("min_length") or error.get("ctx", {}).get("max_length")
        text = f"{_MESSAGES[kind]} ({'au moins' if kind.endswith('short') else 'au plus'} {limit} caractères)"
    else:
        text = _MESSAGES.get(kind, f"valeur invalide ({error.get('msg', kind)})")
    return f"champ « {where} » : {text}" if where else text


def _validate(model, record: dict, file: str, kind: str, position: int, is_line: bool, bundle: Bundle) -> None:
    if not isinstance(record, dict):
        bundle.invalid.append(InvalidRecord(file, kind, position, "", ["un objet JSON {…} est attendu"], is_line))
        return
    try:
        validated = model.model_validate(record)
    except pydantic.ValidationError as exc:
        reasons = [_french(e) for e in exc.errors(include_url=False)]
        bundle.invalid.append(InvalidRecord(file, kind, position, str(record.get("id") or ""), reasons, is_line))
        return
    extras = {k: v for k, v in record.items() if k.startswith(EXTRA_PREFIX)}
    (bundle.structures if kind == "structure" else bundle.services).append((validated, extras, position))


NOT_DATA_INCLUSION = ("ce fichier JSON n'est pas au format data·inclusion : on attend un objet avec les clés "
                      "« structures » et « services » (listes), ou une liste de services")


def read_json_text(text: str, file: str) -> Bundle:
    """Validate the records of a data·inclusion JSON text (see the module's formats)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(file, exc.lineno, None, f"JSON illisible ({exc.msg}, colonne {exc.colno})",
                          "Vérifiez que le fichier est bien du JSON (exporté par data·inclusion ou Santé Locale).") from exc
    if isinstance(data, dict) and ("structures" in data or "services" in data):
        structures, services = data.get("structures") or [], data.get("services") or []
        if not isinstance(structures, list) or not isinstance(services, list):
            raise SourceError(file, None, None, NOT_DATA_INCLUSION, "Exportez le fichier depuis data·inclusion.")
    elif isinstance(data, list) and all(isinstance(r, dict) and "id" in r for r in data):
        services = [r for r in data if "structure_id" in r]
        structures = [r for r in data if "structure_id" not in r]
    else:
        raise SourceError(file, None, None, NOT_DATA_INCLUSION, "Exportez le fichier depuis data·inclusion.")
    bundle = Bundle(file)
    for n, record in enumerate(structures, 1):
        _validate(v1.Structure, record, file, "structure", n, False, bundle)
    for n, record in enumerate(services, 1):
        _validate(v1.Service, record, file, "service", n, False, bundle)
    return bundle


def companion_path(path: Path) -> Path:
    """``services.csv`` → ``services-structures.csv``."""
    return path.with_name(f"{path.stem}-structures{path.suffix}")


def _csv_rows(path: Path, kind: str, fields: list[str]) -> list[tuple[int, dict]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(path.name, None, None, "encodage illisible", "Enregistrez le fichier en UTF-8.") from exc
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    required = [name for name in fields if (v1.Service if kind == "service" else v1.Structure).model_fields[name].is_required()]
    missing = [name for name in required if name not in header]
    if missing:
        raise SourceError(path.name, 1, missing[0], f"colonne obligatoire absente ({', '.join(missing)})",
                          "La première ligne doit porter les noms de champs data·inclusion (source, id, nom…), "
                          "séparés par des virgules.")
    rows = []
    for row in reader:
        if None in row:
            raise SourceError(path.name, reader.line_num, None, "plus de valeurs que de colonnes",
                              "Vérifiez le séparateur (virgule) et les guillemets autour des textes.")
        record = {}
        for key, value in row.items():
            if value in ("", None):
                continue
            value = unguard(value)  # our own exports guard formula-like cells (core.formulas)
            if key in _LISTS:
                record[key] = [v.strip() for v in value.split(",") if v.strip()]
            elif key in _JSON_EXTRAS:
                try:
                    record[key] = json.loads(value)
                except json.JSONDecodeError as exc:
                    raise SourceError(path.name, reader.line_num, key, "JSON illisible dans la cellule",
                                      "Laissez la cellule vide ou recopiez-la depuis un export.") from exc
            else:
                record[key] = value
        rows.append((reader.line_num, record))
    return rows


def read(path: str | Path, fmt: str | None = None) -> Bundle:
    """Read and validate a data·inclusion file (``fmt``: ``data-inclusion-json`` or ``csv``;
    by default from the extension)."""
    path = Path(path)
    if not path.exists():
        raise SourceError(path.name, None, None, "fichier introuvable", "Vérifiez le chemin du fichier.")
    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "data-inclusion-json")
    if fmt != "csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SourceError(path.name, None, None, "encodage illisible", "Enregistrez le fichier en UTF-8.") from exc
        return read_json_text(text, path.name)
    bundle = Bundle(path.name)
    companion = companion_path(path)
    if companion.exists():
        for line, record in _csv_rows(companion, "structure", STRUCTURE_FIELDS):
            _validate(v1.Structure, record, companion.name, "structure", line, True, bundle)
    for line, record in _csv_rows(path, "service", SERVICE_FIELDS):
        _validate(v1.Service, record, path.name, "service", line, True, bundle)
    return bundle


def to_record(model: pydantic.BaseModel, extras: dict | None = None) -> dict:
    """A validated schema model as a JSON-ready dict (lists sorted, every field present)."""
    record = model.model_dump(mode="json")
    for key, value in record.items():
        if isinstance(value, list) and key != "zone_eligibilite":
            record[key] = sorted(value)
    record.update(extras or {})
    return record


def dump_json(structures: list[dict], services: list[dict]) -> str:
    """The JSON document; ``<``, ``>`` and ``&`` escaped as ``\\u003c``… so that a text
    holding markup stays inert if the file is pasted into a page (same strings once parsed).

    Examples
    --------
    >>> dump_json([], [{"description": "<script>"}]).count("<")
    0
    >>> json.loads(dump_json([], [{"description": "<script>"}]))["services"][0]["description"]
    '<script>'
    """
    text = json.dumps({"structures": structures, "services": services}, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def csv_text(records: list[dict], fields: list[str]) -> str:
    out = io.StringIO()
    extras = sorted({k for r in records for k in r if k.startswith(EXTRA_PREFIX)})
    writer = csv.DictWriter(out, fieldnames=fields + extras, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        row = {}
        for key, value in record.items():
            if value is None:
                continue
            if key in _JSON_EXTRAS:
                row[key] = json.dumps(value, ensure_ascii=False)
            elif isinstance(value, list):
                row[key] = guard(",".join(str(v) for v in value))
            else:
                row[key] = guard(value) if isinstance(value, str) else value
        writer.writerow(row)
    return out.getvalue()


def csv_files(path: str | Path, structures: list[dict], services: list[dict]) -> list[tuple[Path, str]]:
    """The services CSV at ``path`` and its ``-structures`` companion, as (path, text) to write."""
    path = Path(path)
    return [(path, csv_text(services, SERVICE_FIELDS)),
            (companion_path(path), csv_text(structures, STRUCTURE_FIELDS))]
