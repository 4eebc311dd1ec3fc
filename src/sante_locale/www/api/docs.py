"""The OpenAPI document as groups of operations, for the documentation page."""

from __future__ import annotations

METHOD_LABELS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}


def operations(schema: dict) -> list[dict]:
    """Operations grouped by tag: method, path, summary, description, parameters."""
    groups: dict[str, list[dict]] = {}
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            if method not in METHOD_LABELS:
                continue
            params = [{"name": p["name"], "where": {"query": "requête", "path": "chemin"}.get(p["in"], p["in"]),
                       "required": p.get("required", False), "description": p.get("description", "")}
                      for p in op.get("parameters", [])]
            for tag in op.get("tags", ["autres"]):
                groups.setdefault(tag, []).append({
                    "method": METHOD_LABELS[method], "path": path, "summary": op.get("summary", ""),
                    "description": op.get("description", ""), "parameters": params,
                    "id": op.get("operationId", f"{method}-{path}")})
    return [{"tag": tag, "operations": ops} for tag, ops in sorted(groups.items())]
