"""Write a national-size fictive Annuaire Santé extract in the real format.

``PS_LibreAcces_Personne_activite`` layout: the real 52-column header, ``|`` separators,
a trailing ``|`` on every line, UTF-8. ~2.2 M lines by default: ~1.5 M professionals with
1–3 activity lines (about 8 % without any site), professions in realistic proportions
(including professions the product ignores), a few teleconsultation sites, a few lines
without commune code. All identifiers and names are fictive.

Usage::

    .venv/bin/python bench/gen_rpps.py /tmp/PS_LibreAcces_Personne_activite_bench.txt [lines]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from sante_locale.core.sources.rpps import RPPS_COLUMNS

PROFESSIONS = [  # code, label, share of lines, savoir-faire choices
    ("10", "Médecin", 0.22, ["SM53", "SM54", "SM26", "SM02", "SM33", "SM40"]),
    ("60", "Infirmier", 0.36, [""]),
    ("70", "Masseur-Kinésithérapeute", 0.09, [""]),
    ("21", "Pharmacien", 0.10, [""]),
    ("40", "Chirurgien-Dentiste", 0.04, [""]),
    ("50", "Sage-Femme", 0.02, [""]),
    ("91", "Orthophoniste", 0.02, [""]),
    ("93", "Psychologue", 0.08, [""]),
    ("26", "Audioprothésiste", 0.01, [""]),
    ("28", "Opticien-Lunetier", 0.03, [""]),
    ("80", "Pédicure-Podologue", 0.03, [""]),
]
FIRST = ["MARIE", "JEAN", "NATHALIE", "PIERRE", "ISABELLE", "MICHEL", "SOPHIE", "ÉLODIE",
         "FRANÇOIS", "CÉLINE", "LUC", "AURÉLIE", "THOMAS", "CAMILLE", "NICOLAS", "LÉA"]  # fmt: skip
LAST = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND",
        "LEROY", "MOREAU", "SIMON", "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID"]  # fmt: skip


def main(out: Path, n_lines: int = 2_200_000, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    idx = {c: i for i, c in enumerate(RPPS_COLUMNS)}
    n_communes = 34_000
    communes = [f"{d:02d}{c:03d}" for d in range(1, 96) if d != 20 for c in range(1, 363)]
    communes = communes[:n_communes]
    n_sites = 700_000
    site_commune = rng.integers(0, len(communes), n_sites)
    shares = np.array([p[2] for p in PROFESSIONS])
    start = time.perf_counter()
    written = 0
    person = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("|".join(RPPS_COLUMNS) + "|\n")
        while written < n_lines:
            batch = 20_000
            profs = rng.choice(len(PROFESSIONS), size=batch, p=shares / shares.sum())
            n_act = rng.choice([1, 1, 1, 2, 2, 3], size=batch)
            no_site = rng.random(batch) < 0.08
            sites = rng.integers(0, n_sites, size=(batch, 3))
            rows = []
            for k in range(batch):
                person += 1
                code, label, _, sfs = PROFESSIONS[profs[k]]
                sf = sfs[rng.integers(0, len(sfs))] if len(sfs) > 1 else ""
                rid = f"1{person:010d}"
                base = [""] * 52
                base[idx["Type d'identifiant PP"]] = "8"
                base[idx["Identifiant PP"]] = rid
                base[idx["Identification nationale PP"]] = "8" + rid
                base[idx["Nom d'exercice"]] = LAST[person % 16]
                base[idx["Prénom d'exercice"]] = FIRST[(person // 16) % 16]
                base[idx["Code profession"]] = code
                base[idx["Libellé profession"]] = label
                base[idx["Code catégorie professionnelle"]] = "C"
                base[idx["Libellé catégorie professionnelle"]] = "Civil"
                if sf:
                    base[idx["Code savoir-faire"]] = sf
                    base[idx["Code type savoir-faire"]] = "S"
                for a in range(1 if no_site[k] else n_act[k]):
                    row = list(base)
                    if not no_site[k]:
                        s = int(sites[k, a])
                        com = communes[site_commune[s]]
                        liberal = rng.random() < 0.6
                        row[idx["Code mode exercice"]] = "L" if liberal else "S"
                        row[idx["Libellé mode exercice"]] = "Libéral" if liberal else "Salarié"
                        row[idx["Numéro SIRET site"]] = f"{s:014d}"
                        row[idx["Identifiant technique de la structure"]] = f"S{s:014d}"
                        row[idx["Raison sociale site"]] = (
                            "TELECONSULTATION SANTE SAS" if s % 5000 == 0 else f"CABINET {s}"
                        )
                        row[idx["Numéro Voie (coord. structure)"]] = str(1 + s % 120)
                        row[idx["Libellé type de voie (coord. structure)"]] = "Rue"
                        row[idx["Libellé Voie (coord. structure)"]] = "DE LA RÉPUBLIQUE"
                        row[idx["Code postal (coord. structure)"]] = com[:2] + "000"
                        row[idx["Code commune (coord. structure)"]] = "" if s % 997 == 0 else com
                        row[idx["Libellé commune (coord. structure)"]] = f"COMMUNE {com}"
                        row[idx["Code secteur d'activité"]] = "SA07" if liberal else "SA01"
                    rows.append("|".join(row) + "|")
            f.write("\n".join(rows) + "\n")
            written += len(rows)
    size = out.stat().st_size / 1e6
    print(f"{written:,} lignes, {person:,} professionnels, {size:,.0f} Mo, "
          f"{time.perf_counter() - start:.1f} s → {out}")  # fmt: skip


if __name__ == "__main__":
    target = Path(
        sys.argv[1] if len(sys.argv) > 1 else "/tmp/PS_LibreAcces_Personne_activite_bench.txt"
    )
    main(target, int(sys.argv[2]) if len(sys.argv) > 2 else 2_200_000)
