"""Directory search under load: 10,000 generated services on PostgreSQL, behind the
production server (``sante-locale serve --production``: gunicorn and the production
settings, as behind an HTTPS proxy), 20 concurrent clients searching, on 127.0.0.1 only.
``BENCH_SERVER=waitress`` or ``gunicorn`` run those servers bare, with the dev settings.

Run alone: ``.venv/bin/python bench/annuaire.py`` (PostgreSQL on 127.0.0.1:5432, user
postgres; database ``sl_directory_bench``, created if missing, or ``BENCH_DATABASE_URL``).
The load is bounded: 20 clients × 50 requests each (1,000 searches), 5 s timeout per
request, the whole run stops after 10 minutes. Two runs: the clients search without any
pause (the server saturated, the hardest case), then as 20 people who read each page of
results for 1 to 3 s before the next search (about 2 minutes). Goal: p95 < 150 ms, no error.

Searches mix commune names, postcodes, themes, « gratuit » and « ouvert maintenant », on
the HTML results page (the map and the list) and the JSON API.
"""

from __future__ import annotations

import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sl_directory_bench")
SERVICES = 10_000
CLIENTS = 20
REQUESTS_PER_CLIENT = 50
DEADLINE_S = 600
#: seconds a person takes to read a page of results before the next search (the second run)
READING_PAUSE_S = (1.0, 3.0)
#: ``production`` (default: ``sante-locale serve --production``), ``waitress`` (one process, 8 threads)
#: or ``gunicorn`` (2 processes × 4 threads), both with the dev settings
SERVER = os.environ.get("BENCH_SERVER", "production")
#: what a reverse proxy sends to the production server (HTTPS done by the proxy)
HEADERS = {"X-Forwarded-Proto": "https", "Host": "localhost"}


def _get(url: str, timeout: float):
    return urllib.request.urlopen(urllib.request.Request(url, headers=HEADERS), timeout=timeout)
PLACES = ["Lens", "62300", "Liévin", "62800", "Arras", "Béthune", "62000", "Lille", "59000", "Douai",
          "Hénin-Beaumont", "Avion", "Calais", "Boulogne-sur-Mer", "Roubaix", "59100", "Valenciennes", "Carvin"]
THEMES = ["", "", "sante-locale--pass", "sante-locale--mediation-en-sante", "sante--acces-aux-soins",
          "sante-locale--centre-de-sante"]
HOURS = ["Mo-Fr 09:00-12:00,14:00-17:00; PH off", "Mo-Fr 08:30-18:30; Sa 09:00-12:00; PH off",
         "Tu,Th 09:00-12:00", "Mo-Su 00:00-24:00", "We 14:00-17:00; PH off", "Mo-Fr 20:00-02:00"]


def _create_database() -> None:
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed() -> None:
    """(child process) 10,000 services spread over the communes of the Nord and the Pas-de-Calais."""
    import django

    django.setup()
    from django.db import transaction

    from sante_locale.directory import vocabulary as voc
    from sante_locale.directory.models import DirectoryProfile, Service
    from sante_locale.structures.models import Structure
    from sante_locale.territories.models import Commune

    if Service.objects.filter(source="bench").count() == SERVICES:
        print("services déjà générés", file=sys.stderr)
        return
    rng = random.Random(20261203)
    communes = list(Commune.objects.filter(kind="COM", lat__isnull=False).only("insee_code", "name", "lon", "lat"))
    themes = list(voc.OWN_THEMES)
    with transaction.atomic():
        Service.objects.filter(source="bench").delete()
        structures = []
        for n in range(200):
            structure = Structure.objects.create(name=f"Structure de mesure n° {n} (données fictives)",
                                                 kind="association")
            DirectoryProfile.objects.create(structure=structure, source="bench", external_id=f"bench--s{n}")
            structures.append(structure)
        batch = []
        for n in range(SERVICES):
            commune = rng.choice(communes)
            lon = commune.lon + rng.uniform(-0.01, 0.01)
            lat = commune.lat + rng.uniform(-0.01, 0.01)
            batch.append(Service(
                structure=rng.choice(structures), source="bench", external_id=f"bench--{n}",
                name=f"Service de mesure n° {n}", description="Service généré pour la mesure (données fictives).",
                themes=rng.sample(themes, 2), audiences=["tous-publics"], fees=rng.choice(["gratuit", "payant"]),
                insee_code=commune.insee_code, commune_name=commune.name, commune_id=commune.pk, lon=lon, lat=lat,
                search_lon=lon, search_lat=lat, phone="+33300000000", opening_hours=rng.choice(HOURS),
                is_demo=True))
        Service.objects.bulk_create(batch, batch_size=1000)
    print(f"{SERVICES} services générés", file=sys.stderr)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _url(base: str, rng: random.Random) -> str:
    params = {"q": rng.choice(PLACES)}
    theme = rng.choice(THEMES)
    if theme:
        params["theme"] = theme
    if rng.random() < 0.3:
        params["gratuit"] = "on"
    if rng.random() < 0.3:
        params["ouvert"] = "on"
    if rng.random() < 0.25:
        api = {"lieu": params["q"], "theme": params.get("theme", ""), "ouvert": "ouvert" in params}
        return f"{base}/api/annuaire/recherche?{urllib.parse.urlencode(api)}"
    return f"{base}/annuaire/?{urllib.parse.urlencode(params)}"


def load(base: str, clients: int = CLIENTS, per_client: int = REQUESTS_PER_CLIENT,
         pause: tuple[float, float] | None = None, seeds: int = 0) -> dict:
    """``per_client`` searches by each of ``clients`` threads; ``pause`` (seconds, min and max):
    a person reading the results before the next search, else none (the server saturated)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + DEADLINE_S

    def client(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(per_client):
            if time.monotonic() > stop_at:
                return
            url = _url(base, rng)
            start = time.perf_counter()
            try:
                with _get(url, 5) as response:
                    body = response.read()
                    ok = response.status == 200 and (b"service" in body)
            except Exception as exc:  # noqa: BLE001 - counted as an error
                ok = False
                body = str(exc).encode()
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(f"{url}: {body[:200]!r}")
            if pause:
                time.sleep(rng.uniform(*pause))

    threads = [threading.Thread(target=client, args=(seeds + n,)) for n in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    ordered = sorted(latencies)
    return {"requests": len(latencies), "errors": len(errors), "first_errors": errors[:3],
            "p50_ms": 1000 * statistics.median(ordered), "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
            "max_ms": 1000 * ordered[-1], "throughput_rps": len(latencies) / wall}


def main() -> None:
    load_before = open("/proc/loadavg").read().split()[0]
    _create_database()
    home = tempfile.mkdtemp(prefix="sl-bench-annuaire-")
    env = dict(os.environ, DATABASE_URL=DATABASE_URL, SANTE_LOCALE_HOME=home,
               DJANGO_SETTINGS_MODULE="sante_locale.config.dev")
    exe = os.path.join(os.path.dirname(sys.executable), "sante-locale")
    subprocess.run([exe, "import", "referentiel", "--departements", "62,59"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, __file__, "--seed"], env=env, check=True)
    port = _free_port()
    if SERVER == "production":
        import secrets

        prod = dict(env, SANTE_LOCALE_SECRET_KEY=secrets.token_urlsafe(50), SANTE_LOCALE_ALLOWED_HOSTS="localhost")
        prod.pop("DJANGO_SETTINGS_MODULE")
        server = subprocess.Popen([exe, "serve", "--production", "--host", "127.0.0.1", "--port", str(port)],
                                  env=prod, stdout=subprocess.DEVNULL)
    elif SERVER == "waitress":
        server = subprocess.Popen(
            [sys.executable, "-c", "import django; django.setup(); from waitress import serve; "
             "from sante_locale.config.wsgi import application; "
             f"serve(application, host='127.0.0.1', port={port}, threads=8, _quiet=True)"], env=env)
    else:
        server = subprocess.Popen(
            [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--threads", "4", "--worker-class", "gthread", "--log-level", "warning",
             "sante_locale.config.wsgi:application"], env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        warm = random.Random(1)
        for _ in range(20):  # warm-up: parsed hours, word index, connections
            _get(_url(base, warm), 30).read()
        alone = load(base, clients=1, per_client=100)  # one client, for the cost of one search
        result = load(base)
        result["one_client_p50_ms"], result["one_client_p95_ms"] = alone["p50_ms"], alone["p95_ms"]
        time.sleep(61)  # every page kept by the first run has expired (pages are kept a minute at most)
        readers = load(base, pause=READING_PAUSE_S, seeds=1000)  # 20 people who read each page of results
        result["with_pause"] = {k: readers[k] for k in ("requests", "errors", "p50_ms", "p95_ms", "max_ms",
                                                         "throughput_rps")}
    finally:
        server.terminate()
        server.wait(timeout=20)
    result.update(services=SERVICES, clients=CLIENTS, database="PostgreSQL", load_before=load_before,
                  load_after=open("/proc/loadavg").read().split()[0],
                  server={"production": "sante-locale serve --production (gunicorn, réglages de production)",
                          "waitress": "waitress, 1 processus, 8 fils"}.get(SERVER, "gunicorn, 2 processus × 4 fils"))
    print(json.dumps(result, ensure_ascii=False, indent=2))
    for label, figures in (("20 clients sans pause (serveur saturé)", result),
                           (f"20 clients, pause de {READING_PAUSE_S[0]:g} à {READING_PAUSE_S[1]:g} s",
                            result["with_pause"])):
        verdict = "atteint" if figures["p95_ms"] < 150 and figures["errors"] == 0 else "NON atteint"
        print(f"{label} : p95 {figures['p95_ms']:.0f} ms, objectif p95 < 150 ms sans erreur : {verdict}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--seed"]:
        seed()
    else:
        main()
