"""Programme benchmark: annual review of the demo CLS (DOCX, PDF) and the XLSX import of a
200-action programme.

Run alone: ``.venv/bin/python bench/programme.py`` — prepares a temporary database
(``sante-locale import referentiel --departements 62,59`` then ``sante-locale demo
--no-serve``), unless ``SANTE_LOCALE_HOME`` points to a prepared one. Measures run in a fresh
process; each figure is the median of several runs (the first run, cold, is printed too).

Goals: review of the demo CLS as DOCX < 3 s and as PDF < 8 s; import of a 200-action
programme < 5 s.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _times(fn, runs: int) -> tuple[float, float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out[0], statistics.median(out)


def workbook_of(n_actions: int, path: Path) -> None:
    """A valid programme workbook of ``n_actions`` actions (structures of the demo)."""
    from sante_locale.core.programme.workbook import write_workbook
    from sante_locale.demo import names
    from sante_locale.programme.lens_defaults import DEFAULT_QUESTIONS

    axes = [{"code": str(a), "title": f"Axe {a}", "description": "", "order": a} for a in range(1, 5)]
    objectives = [{"code": f"{a}.{o}", "axis": str(a), "title": f"Objectif {a}.{o}", "description": "", "order": o}
                  for a in range(1, 5) for o in range(1, 4)]
    data = {"programme": [{"field": "Intitulé", "value": "Programme de mesure"},
                          {"field": "Première année", "value": "2024"}, {"field": "Dernière année", "value": "2028"}],
            "axes": axes, "objectives": objectives, "actions": [], "milestones": [], "fundings": [],
            "indicators": [], "targets": [], "values": [], "lens": []}
    for n in range(n_actions):
        objective = objectives[n % len(objectives)]["code"]
        code = f"{objective}.{n // len(objectives) + 1}"
        data["actions"].append({
            "code": code, "objective": objective, "title": f"Action {n + 1}", "description": "Texte. " * 20,
            "pilots": [names.CA_LENS_LIEVIN], "partners": [names.ARS, names.CH_LENS], "audiences": ["everyone"],
            "communes": ["62498", "62510"], "starts_on": dt.date(2025, 1, 1), "ends_on": dt.date(2027, 12, 31),
            "plans": ["prs"], "determinants": ["housing", "food"], "approach": "universal",
            "participation": "consultation", "status": "in_progress", "priority": "medium"})
        data["milestones"] += [{"action": code, "title": t, "due_on": dt.date(2025 + k, 6, 30)}
                               for k, t in enumerate(("Lancement", "Bilan"))]
        data["fundings"] += [{"action": code, "funder": names.ARS, "year": y, "planned": 10000, "obtained": 8000}
                             for y in (2025, 2026)]
        data["indicators"].append({"code": f"P{n + 1}", "action": code, "key": "people_reached", "mode": "entered",
                                   "frequency": "yearly", "source": "suivi"})
        data["targets"].append({"indicator": f"P{n + 1}", "due_on": dt.date(2027, 12, 31), "value": 100})
        data["values"] += [{"indicator": f"P{n + 1}", "measured_on": dt.date(y, 12, 31), "value": 10 * (y - 2022),
                            "source": "suivi"} for y in (2023, 2024, 2025)]
        data["lens"] += [{"action": code, "question": q[0], "answer": "yes", "justification": "Oui."}
                         for q in DEFAULT_QUESTIONS[:3]]
    write_workbook(data, path)


def child() -> None:
    import django

    django.setup()
    from sante_locale.coordination.models import Dispositif
    from sante_locale.demo import names
    from sante_locale.programme import review
    from sante_locale.programme.workbook import import_programme

    cls = Dispositif.objects.get(name=names.CLS_LENS_LIEVIN)
    folder = Path(tempfile.mkdtemp())
    docx = _times(lambda: review.write(review.gather(cls, 2025), "docx", folder / "bilan.docx"), 5)
    pdf = _times(lambda: review.write(review.gather(cls, 2025), "pdf", folder / "bilan.pdf"), 3)
    path = folder / "programme-200.xlsx"
    workbook_of(200, path)
    target = Dispositif.objects.create(name="Dispositif de mesure", kind=cls.kind, perimeter_level="epci",
                                       perimeter_code=names.EPCI_LENS_LIEVIN, carrier=cls.carrier, is_demo=True)
    start = time.perf_counter()
    report = import_programme(target, path)
    first = time.perf_counter() - start
    start = time.perf_counter()
    import_programme(target, path)
    again = time.perf_counter() - start
    start = time.perf_counter()
    import_programme(cls, path, dry_run=True)
    check = time.perf_counter() - start
    target.delete()
    print(json.dumps({"docx_cold_s": docx[0], "docx_s": docx[1], "docx_kb": (folder / "bilan.docx").stat().st_size
                      / 1024, "pdf_cold_s": pdf[0], "pdf_s": pdf[1],
                      "pdf_kb": (folder / "bilan.pdf").stat().st_size / 1024,
                      "import_200_s": first, "reimport_unchanged_s": again, "verify_200_s": check,
                      "created": {f"{k[0]} {k[1]}": v for k, v in report.counts.items()},
                      "xlsx_kb": path.stat().st_size / 1024}))


def main() -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="sante_locale.config.dev")
    exe = Path(sys.executable).parent / "sante-locale"
    if not env.get("SANTE_LOCALE_HOME"):
        env.pop("DATABASE_URL", None)
        env["SANTE_LOCALE_HOME"] = tempfile.mkdtemp(prefix="bench-programme-")
        subprocess.run([exe, "import", "referentiel", "--departements", "62,59"], env=env, check=True,
                       capture_output=True)
    subprocess.run([exe, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    out = subprocess.run([sys.executable, __file__, "--child"], env=env, check=True, capture_output=True, text=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"bilan DOCX du CLS de démonstration : {figures['docx_s']:.2f} s (premier {figures['docx_cold_s']:.2f} s, "
          f"{figures['docx_kb']:.0f} Ko) — objectif < 3 s")
    print(f"bilan PDF : {figures['pdf_s']:.2f} s (premier {figures['pdf_cold_s']:.2f} s, {figures['pdf_kb']:.0f} Ko) "
          "— objectif < 8 s")
    print(f"import XLSX d'un programme de 200 actions ({figures['xlsx_kb']:.0f} Ko) : {figures['import_200_s']:.2f} s "
          "— objectif < 5 s")
    print(f"  réimport du même fichier (aucun changement) : {figures['reimport_unchanged_s']:.2f} s ; "
          f"vérification seule (--verifier) : {figures['verify_200_s']:.2f} s")
    print("  " + ", ".join(f"{k} : {v}" for k, v in figures["created"].items()))


if __name__ == "__main__":
    child() if "--child" in sys.argv else main()
