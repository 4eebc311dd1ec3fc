"""Write a national-size fictive FINESS ``etalab-cs1100507-stock`` file (~100,000 ET).

Real layout: ``finess;etalab;…`` first line, 32-field ``structureet`` lines, then one
``geolocalisation`` line per establishment (Lambert-93 for mainland, UTM for overseas,
source strings in the current ``EPSG:…`` form). Categories in realistic proportions
(most are not retained by the product: EHPAD, SSIAD, ESAT…).

Usage::

    .venv/bin/python bench/gen_finess.py /tmp/etalab-cs1100507-stock-bench.csv [n]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

CATEGORIES = [  # code, label, share
    ("620", "Pharmacie d'Officine", 0.20), ("124", "Centre de Santé", 0.03),
    ("603", "Maison de santé (L.6223-3)", 0.025), ("156", "Centre Médico-Psychologique (C.M.P.)", 0.03),
    ("189", "Centre Médico-Psycho-Pédagogique (C.M.P.P.)", 0.005),
    ("223", "Protection Maternelle et Infantile (P.M.I.)", 0.05),
    ("355", "Centre Hospitalier (C.H.)", 0.01), ("500", "EHPAD", 0.08),
    ("354", "Service de Soins Infirmiers A Domicile (S.S.I.A.D)", 0.03),
    ("246", "Etablissement et Service d'Aide par le Travail (E.S.A.T.)", 0.02),
    ("611", "Laboratoire de Biologie Médicale", 0.04), ("699", "Entité Ayant Autorisation", 0.477),
]  # fmt: skip
OVERSEAS = [("9A", 1, 5490, "EPSG:5490 RGAF09/UTM Zone 20N (Antilles)", 650000, 1790000),
            ("9D", 4, 2975, "EPSG:2975 RGR92/UTM Zone 40S (Réunion)", 340000, 7670000)]  # fmt: skip


def main(out: Path, n: int = 100_000, seed: int = 2) -> None:
    rng = np.random.default_rng(seed)
    shares = np.array([c[2] for c in CATEGORIES])
    cats = rng.choice(len(CATEGORIES), size=n, p=shares / shares.sum())
    structures, geos = [], []
    for i in range(n):
        code, label, _ = CATEGORIES[cats[i]]
        finess = f"{(i % 95) + 1:02d}{i:07d}"
        if i % 50 == 0:
            dep, digit, _, source, x0, y0 = OVERSEAS[i % 2]
            commune = f"{digit}{i % 30 + 1:02d}"
        else:
            dep, commune = f"{(i % 95) + 1:02d}", f"{i % 300 + 1:03d}"
            source, x0, y0 = "EPSG:2154 RGF93 / Lambert-93 (Métropole)", 650000, 6860000
        fields = ["structureet", finess, f"{finess[:2]}{i + 5000000:07d}", f"ETAB {i}",
                  f"ÉTABLISSEMENT FICTIF {i}", "", "", str(i % 90 + 1), "R", "DE LA GARE", "", "",
                  commune, dep, "DEP", f"{dep}000 COMMUNE", "0100000000", "", code, label, "",
                  "", "", "", "", "", "", "", "2000-01-01", "2000-01-01", "2026-05-04", ""]  # fmt: skip
        structures.append(";".join(fields))
        x = (
            x0 + rng.uniform(-200000, 200000)
            if dep not in ("9A", "9D")
            else x0 + rng.uniform(-20000, 20000)
        )
        y = (
            y0 + rng.uniform(-300000, 300000)
            if dep not in ("9A", "9D")
            else y0 + rng.uniform(-20000, 20000)
        )
        geos.append(
            f"geolocalisation;{finess};{x:.1f};{y:.1f};1,ATLASANTE,96,BAN,{source};2026-05-04"
        )
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("finess;etalab;111;2026-11-23\n")
        f.write("\n".join(structures) + "\n" + "\n".join(geos) + "\n")
    print(f"{n:,} établissements → {out} ({out.stat().st_size / 1e6:.0f} Mo)")


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/etalab-cs1100507-stock-bench.csv")
    main(target, int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
