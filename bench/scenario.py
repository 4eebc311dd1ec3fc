"""Scenario benchmark: server time of a what-if scenario on an EPCI (CA de Lens-Liévin).

Run alone: ``.venv/bin/python bench/scenario.py`` — prepares a temporary database with
``sante-locale demo --no-serve`` (real reference, fictive national supply), unless
``SANTE_LOCALE_HOME`` points to a prepared one. In a fresh process it measures, median of
``--repeat`` runs (default 7) after one warm-up:

- ``engine.simulate`` alone (before/after APL of the 36 communes, never stored);
- the server time of the scenario form's POST (Django test client, logged in: the page
  computes, stores the scenario run and renders its maps and table), inside a transaction
  rolled back at the end so that a prepared database is left as it was.

Each is given as wall-clock time and as the process's CPU time (``time.process_time``): on a
machine shared with other work, the CPU time varies less from one run to the next.

The scenario: a centre of 3 FTE at Villers-au-Bois (62854) and the departure of the GPs
aged 65 or more. It also prints a fingerprint of the values (sum and SHA-256 of the APL
before and after, per commune, as their 17-digit repr) so that two versions of the code
can be shown to give the same values. Goal: server time of the POST under 0.5 s.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TERRITORY = "246200364"  # CA de Lens-Liévin
CENTRE = ("62854", 3.0)  # Villers-au-Bois, 3 FTE
RETIRE_AGE = 65


def child(repeat: int) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client

    from sante_locale.accessibility import engine
    from sante_locale.accessibility.report import demand_unit_ids, parameters_from
    from sante_locale.territories.models import EPCI, Commune

    epci = EPCI.objects.get(epci_siren=TERRITORY)
    ids = demand_unit_ids(epci)
    params = parameters_from("medecin_generaliste")
    centre = Commune.objects.get(insee_code=CENTRE[0])

    def simulate():
        return engine.simulate(params, ids, {"territory": f"epci:{TERRITORY}"}, new_sites=[(centre.pk, CENTRE[1])],
                               retire_age=RETIRE_AGE)

    result = simulate()  # warm-up: the process's first call also imports and compiles
    simulate_s, simulate_cpu = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        simulate()
        simulate_s.append(time.perf_counter() - start)
        simulate_cpu.append(time.process_time() - cpu)
    table = result.comparison.sort_values("insee_code")
    values = [repr(float(v)) for v in (*table["apl_before"], *table["apl_after"])]
    fingerprint = hashlib.sha256(" ".join(values).encode()).hexdigest()[:16]

    url = f"/territoires/epci/{TERRITORY}/apl/scenario/"
    form = {"profession": "medecin_generaliste", "age_max": "", "commune": CENTRE[0], "fte": str(CENTRE[1]),
            "retire_age": str(RETIRE_AGE)}
    post_s, post_cpu = [], []
    with transaction.atomic():
        user = get_user_model().objects.create_user("bench-scenario", password="bench-scenario-mot-de-passe")
        client = Client()
        client.force_login(user)
        response = client.post(url, form)  # warm-up
        assert response.status_code == 200, response.status_code
        for _ in range(repeat):
            start, cpu = time.perf_counter(), time.process_time()
            response = client.post(url, form)
            post_s.append(time.perf_counter() - start)
            post_cpu.append(time.process_time() - cpu)
            assert response.status_code == 200, response.status_code
        transaction.set_rollback(True)
    print(json.dumps({"simulate_ms": 1000 * statistics.median(simulate_s),
                      "simulate_cpu_ms": 1000 * statistics.median(simulate_cpu),
                      "post_ms": 1000 * statistics.median(post_s), "post_cpu_ms": 1000 * statistics.median(post_cpu),
                      "page_bytes": len(response.content),
                      "communes": len(table), "sum_before": float(table["apl_before"].sum()),
                      "sum_after": float(table["apl_after"].sum()), "fingerprint": fingerprint}))


def main() -> None:
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 7
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="sante_locale.config.dev", SANTE_LOCALE_ALLOWED_HOSTS="testserver")
    env.pop("DATABASE_URL", None)
    temporary = None
    if "SANTE_LOCALE_HOME" not in os.environ:
        temporary = tempfile.mkdtemp(prefix="bench-scenario-")
        env["SANTE_LOCALE_HOME"] = temporary
        exe = os.path.join(os.path.dirname(sys.executable), "sante-locale")
        print("Préparation de la base (référentiel réel, offre fictive nationale)…", flush=True)
        subprocess.run([exe, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    out = subprocess.run([sys.executable, __file__, "--child", str(repeat)], env=env, check=True,
                         capture_output=True, text=True)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"Scénario sur la CA de Lens-Liévin ({r['communes']} communes ; centre de {CENTRE[1]:g} ETP à "
          f"{CENTRE[0]}, départ des médecins de {RETIRE_AGE} ans ou plus), médiane de {repeat} :")
    print(f"  engine.simulate : {r['simulate_ms']:.0f} ms (temps processeur {r['simulate_cpu_ms']:.0f} ms)")
    print(f"  POST du formulaire (temps serveur) : {r['post_ms']:.0f} ms (temps processeur {r['post_cpu_ms']:.0f} ms ; "
          f"{r['page_bytes'] / 1e3:.0f} ko)")
    print(f"  valeurs : somme des APL avant {r['sum_before']!r}, après {r['sum_after']!r}, "
          f"empreinte {r['fingerprint']}")
    if temporary:
        shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
    else:
        main()
