"""Benchmark: the API list of dispositifs under 20 concurrent clients, on PostgreSQL behind
a production WSGI server (waitress with threads), on the loopback only.

Run alone: ``.venv/bin/python bench/api_dispositifs.py [--clients 20] [--requests 60]``.
Self-contained: it uses ``DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/sl_coord_bench_api``, created if missing), loads the
Pas-de-Calais from the reference package, generates ``--dispositifs`` dispositifs (a third
public) with partners, and a coordinator holding roles on a tenth of them with an API token.
It then starts ``waitress-serve`` (``--threads``, DEBUG off) on 127.0.0.1 and a free port,
and ``--clients`` threads each send ``--requests`` requests to ``/api/dispositifs/`` (pages
of 50, half with the token, half anonymous, some filtered by territory) over a kept-alive
connection each, as real clients do. Every request has
a 10 s timeout and the whole run stops after ``--max-seconds``. Prints p50/p95/p99 and the
throughput as a Markdown table.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sl_coord_bench_api"


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(count: int) -> str:
    """Prepare the database; return the API key of the coordinator."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sante_locale.accounts.models import APIToken, User, grant
    from sante_locale.coordination.models import Dispositif, DispositifKind, Partnership
    from sante_locale.structures.models import Structure
    from sante_locale.territories.importer import import_reference
    from sante_locale.territories.models import EPCI, Commune

    if not Commune.objects.filter(departement__departement_code="62").exists():
        import_reference(departements=["62"])
    user, _ = User.objects.get_or_create(username="banc-api")
    if Dispositif.objects.filter(name__startswith="Banc API").count() < count:
        rng = random.Random(4)
        kinds = list(DispositifKind.objects.all())
        structures = [Structure.objects.create(name=f"Banc API structure {n}", kind="association") for n in range(30)]
        epcis = list(EPCI.objects.filter(communes__departement__departement_code="62").distinct())
        communes = list(Commune.objects.filter(departement__departement_code="62").values_list("insee_code", flat=True))
        for n in range(count):
            on_epci = rng.random() < 0.5
            d = Dispositif.objects.create(
                name=f"Banc API dispositif {n}", kind=rng.choice(kinds), carrier=rng.choice(structures),
                perimeter_level="epci" if on_epci else "commune",
                perimeter_code=rng.choice(epcis).epci_siren if on_epci else rng.choice(communes),
                coordinator_fte=1, is_public=n % 3 == 0)
            for s in rng.sample(structures, 2):
                Partnership.objects.create(dispositif=d, structure=s, role="partner")
            if n % 10 == 0:
                grant(user, "coordinator", d)
    APIToken.objects.filter(user=user).delete()
    return APIToken.issue(user, "banc")[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(base: str, key: str, clients: int, requests: int, max_seconds: float) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    host, port = base.removeprefix("http://").split(":")

    def client(n: int) -> None:
        rng = random.Random(n)
        connection = http.client.HTTPConnection(host, int(port), timeout=10)  # kept alive, as a real client
        for i in range(requests):
            if time.monotonic() > deadline:
                break
            query = rng.choice(["", "?page=2", "?territoire=246200364", "?kind=cls", "?page=3&page_size=50"])
            headers = {"Authorization": f"Bearer {key}"} if (n + i) % 2 == 0 else {}
            t0 = time.perf_counter()
            try:
                connection.request("GET", "/api/dispositifs/" + query, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except Exception:  # noqa: BLE001 - counted as an error, then a new connection
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=10)
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0], time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=60, help="requests per client")
    parser.add_argument("--threads", type=int, default=4, help="waitress threads (4: fewer threads contend less for the GIL)")
    parser.add_argument("--dispositifs", type=int, default=300)
    parser.add_argument("--max-seconds", type=float, default=180)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="sante_locale.config.dev",
               SANTE_LOCALE_DEBUG="0", SANTE_LOCALE_ALLOWED_HOSTS="127.0.0.1,localhost")
    os.environ.update(env)
    key = seed(args.dispositifs)
    port = free_port()
    waitress = Path(sys.executable).with_name("waitress-serve")
    server = subprocess.Popen([str(waitress), f"--listen=127.0.0.1:{port}", f"--threads={args.threads}",
                               "sante_locale.config.wsgi:application"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/dispositifs/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        load(base, key, 4, 5, 30)  # warm every thread's connection
        latencies, errors, duration = load(base, key, args.clients, args.requests, args.max_seconds)
    finally:
        server.terminate()
        server.wait(timeout=20)
    cut = statistics.quantiles(latencies, n=100)
    print(f"| mesure (PostgreSQL, waitress {args.threads} fils, {args.clients} clients) | résultat |\n|---|---|")
    print(f"| requêtes (erreurs) | {len(latencies)} ({errors}) |")
    print(f"| p50 | {cut[49] * 1000:.0f} ms |")
    print(f"| p95 — objectif < 150 ms | {cut[94] * 1000:.0f} ms |")
    print(f"| p99 | {cut[98] * 1000:.0f} ms |")
    print(f"| débit | {len(latencies) / duration:.0f} requêtes/s |")


if __name__ == "__main__":
    main()
