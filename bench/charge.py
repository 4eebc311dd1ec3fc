"""Load test: concurrent clients on the production server (gunicorn + PostgreSQL), loopback only.

Prepares (once) a PostgreSQL database with the whole territorial reference, the fictive demo
supply and a stored national APL run, starts ``sante-locale serve --production`` on a free port
of 127.0.0.1, then runs CLIENTS threads, each one keep-alive HTTP connection sending requests
back to back (no think time: the hardest case) over the main pages — search, territory, APL,
portrait — for DURATION seconds or MAX_REQUESTS requests, whichever comes first. Prints p50,
p95 and p99 of the response times, per page kind and overall, and every error (status ≥ 400
or failed connection). The server is stopped at the end.

Usage::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sante_locale_charge \\
        .venv/bin/python bench/charge.py [--clients 20] [--duree 60] [--workers N] [--threads N]

The database named by ``DATABASE_URL`` is created if missing and filled on the first run
(about 3 minutes); later runs reuse it.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sante_locale_charge"
MAX_REQUESTS = 200_000
HOST = "127.0.0.1"  # loopback only

EPCIS = ["246200364", "246200380", "200044014", "200033579", "200041630", "200069037"]
COMMUNES = ["62498", "62510", "62427", "62041", "59350", "59599", "62193", "62119", "59183", "62160"]
SEARCHES = ["lens", "lievin", "arras", "lille", "bethune", "henin", "douai", "calais", "saint-omer", "carvin"]


def pages(rng: random.Random) -> tuple[str, str]:
    """One request of the mix: (kind, path)."""
    kind = rng.choice(["recherche", "territoire", "apl", "portrait"])
    epci = rng.choice(EPCIS)
    if kind == "recherche":
        return kind, f"/recherche/?q={rng.choice(SEARCHES)}"
    if kind == "territoire":
        level, code = rng.choice([("epci", epci), ("commune", rng.choice(COMMUNES))])
        return kind, f"/territoires/{level}/{code}/"
    if kind == "apl":
        return kind, f"/territoires/epci/{epci}/apl/"
    return kind, f"/territoires/epci/{epci}/portrait/"


def cli() -> str:
    return shutil.which("sante-locale") or os.path.join(os.path.dirname(sys.executable), "sante-locale")


def prepare(env: dict) -> None:
    """Reference, demo supply and a stored APL run, unless the database already has them."""
    import psycopg

    url = env["DATABASE_URL"]
    admin, name = url.rsplit("/", 1)
    with psycopg.connect(admin + "/postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url) as db:
        ready = db.execute("SELECT to_regclass('accessibility_aplrun')").fetchone()[0] and db.execute(
            "SELECT COUNT(*) FROM accessibility_aplrun").fetchone()[0]
    if ready:
        return
    start = time.perf_counter()
    print("Préparation de la base (référentiel, offre fictive, APL nationale)…", flush=True)
    subprocess.run([cli(), "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([cli(), "apl", "calculer", "--territoire", "epci:246200364", "--format", "csv", "-o",
                    os.path.join(env["SANTE_LOCALE_HOME"], "apl-lens-lievin.csv")], env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"  prête en {time.perf_counter() - start:.0f} s", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def client(port: int, stop_at: float, budget: list[int], lock: threading.Lock, seed: int, out: list) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    while time.monotonic() < stop_at:
        with lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        kind, path = pages(rng)
        t0 = time.perf_counter()
        try:
            conn.request("GET", path, headers={"X-Forwarded-Proto": "https", "Host": "localhost"})
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            status = f"{exc.__class__.__name__}"
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
        out.append((kind, path, status, time.perf_counter() - t0))
    conn.close()


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def warm_up(port: int) -> None:
    """Each page once (portrait data is cached after its first build, as in real use)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=300)
    for epci in EPCIS:
        for path in (f"/territoires/epci/{epci}/portrait/", f"/territoires/epci/{epci}/apl/"):
            conn.request("GET", path, headers={"X-Forwarded-Proto": "https", "Host": "localhost"})
            conn.getresponse().read()
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duree", type=float, default=60.0, help="secondes")
    parser.add_argument("--workers", default="", help="processus gunicorn (défaut : 2 × cœurs + 1)")
    parser.add_argument("--threads", default="4")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="sante-locale-charge-"))
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.setdefault("DATABASE_URL", DEFAULT_URL)
    env.update(SANTE_LOCALE_HOME=str(home), SANTE_LOCALE_SECRET_KEY=secrets.token_urlsafe(50),
               SANTE_LOCALE_ALLOWED_HOSTS="localhost", SANTE_LOCALE_WORKERS=args.workers,
               SANTE_LOCALE_THREADS=args.threads, SANTE_LOCALE_LOG_LEVEL="WARNING")
    prepare(env)
    port = free_port()
    log = (home / "serveur.log").open("wb")
    server = subprocess.Popen([cli(), "serve", "--production", "--host", HOST, "--port", str(port)], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while socket.socket().connect_ex((HOST, port)) != 0:
            if server.poll() is not None or time.monotonic() > deadline:
                print((home / "serveur.log").read_text(), file=sys.stderr)
                return 1
            time.sleep(0.2)
        warm_up(port)
        results: list = []
        lock, budget = threading.Lock(), [MAX_REQUESTS]
        stop_at = time.monotonic() + args.duree
        threads = [threading.Thread(target=client, args=(port, stop_at, budget, lock, n, results))
                   for n in range(args.clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.duree + 120)
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()

    by_kind = defaultdict(list)
    errors = [(kind, path, status) for kind, path, status, _ in results if not isinstance(status, int) or status >= 400]
    for kind, _, _, seconds in results:
        by_kind[kind].append(seconds * 1000)
        by_kind["toutes"].append(seconds * 1000)
    print(f"{platform.node()} · {os.cpu_count()} cœurs · {args.clients} clients · {elapsed:.0f} s · "
          f"gunicorn {args.workers or 'auto'} processus × {args.threads} fils")
    print(f"{len(results)} requêtes ({len(results) / elapsed:.1f}/s), {len(errors)} erreur(s)")
    print(f"{'page':<12}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind in ("recherche", "territoire", "apl", "portrait", "toutes"):
        values = by_kind.get(kind)
        if values:
            print(f"{kind:<12}{len(values):>7}{percentile(values, 50):>9.0f}{percentile(values, 95):>9.0f}"
                  f"{percentile(values, 99):>9.0f}")
    for _kind, path, status in errors[:20]:
        print(f"  erreur {status} : {path}")
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
