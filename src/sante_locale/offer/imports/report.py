"""What an import read, kept, set aside and wrote (no Django: the registry and the pages read it)."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sante_locale.core.sources.errors import SetAside


@dataclass
class SupplyReport:
    """What an import read, kept, set aside and wrote; ``lines()`` is the French summary."""

    kind: str
    file_name: str
    vintage: str
    check_only: bool = False
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    set_aside: list[SetAside] = field(default_factory=list)
    replaced: int = 0
    previous_vintage: str = ""
    label: str = ""

    def add(self, section: str, values: Counter | dict) -> None:
        self.counts[section] = {str(k): int(v) for k, v in sorted(values.items(), key=lambda kv: str(kv[0]))}

    def lines(self) -> list[str]:
        out = [f"{self.label or self.kind} — fichier {self.file_name}, millésime {self.vintage}"]
        for section, values in self.counts.items():
            total = sum(values.values())
            detail = ", ".join(f"{k} : {v}" for k, v in values.items()) if len(values) <= 12 else \
                f"{len(values)} rubriques"
            out.append(f"{section} : {total}" + (f" ({detail})" if detail and list(values) != ["total"] else ""))
        reasons = Counter(s.reason for s in self.set_aside)
        out.append(f"lignes écartées : {len(self.set_aside)}"
                   + (" (" + ", ".join(f"{r} : {n}" for r, n in reasons.most_common()) + ")" if reasons else ""))
        if self.check_only:
            out.append("vérification seulement (--verifier) : rien n'a été écrit dans la base.")
        elif self.previous_vintage:
            out.append(f"données précédentes remplacées (millésime {self.previous_vintage}, {self.replaced} ligne(s)).")
        return out

    def write_csv(self, path: str | Path) -> Path:
        """Write the counts then the set-aside rows as a ``;`` CSV (UTF-8 with BOM, for Excel)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f, delimiter=";")
            writer.writerow(["rubrique", "clé", "nombre", "ligne", "motif", "colonne", "valeur"])
            for section, values in self.counts.items():
                for key, n in values.items():
                    writer.writerow([section, key, n, "", "", "", ""])
            for s in self.set_aside:
                writer.writerow(["ligne écartée", "", "", s.line, s.reason, s.column or "", s.value])
        return path
