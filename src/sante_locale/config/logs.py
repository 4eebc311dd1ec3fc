"""Logs as JSON lines (python-json-logger), for the application and gunicorn alike.

Every record is one JSON object on one line: ``time`` (ISO 8601), ``level``, ``logger``,
``message``, plus the request's method, path and status when Django logs a request error,
and, for gunicorn's access log, ``remote``, ``method``, ``path``, ``status``, ``bytes``,
``duration_ms``, ``user_agent`` as fields (not only inside the message).
"""

from __future__ import annotations

from pythonjsonlogger.json import JsonFormatter as _Base

#: gunicorn's access atoms kept as fields (its access logger passes them as the record's args)
ACCESS_FIELDS = {"h": "remote", "m": "method", "U": "path", "q": "query", "s": "status", "B": "bytes",
                 "M": "duration_ms", "a": "user_agent"}


class JsonFormatter(_Base):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        kwargs.setdefault("datefmt", "%Y-%m-%dT%H:%M:%S%z")
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_record, record, message_dict) -> None:
        super().add_fields(log_record, record, message_dict)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            log_record.pop("request", None)
            log_record["method"], log_record["path"] = request.method, request.path
        if hasattr(record, "status_code"):
            log_record["status"] = record.status_code
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            for atom, field in ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if value not in (None, "-", ""):
                    log_record[field] = int(value) if atom in "sBM" and str(value).isdigit() else value
