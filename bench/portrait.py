"""Portrait benchmark: PDF of the CA de Lens-Liévin and of the Pas-de-Calais, web page.

Run alone: ``.venv/bin/python bench/portrait.py`` — prepares a temporary database with
``sante-locale demo --no-serve`` (real reference, fictive national supply), unless
``SANTE_LOCALE_HOME`` points to a prepared one. Each case runs in a fresh process:

- *cold*: empty portrait cache, fresh process (the national APL run is computed once
  beforehand and stored, as it is after the first page of any territory);
- *warm*: same process, the portrait's data cached, the PDF written again;
- *cached*: the file served from the cache (no input changed).

Goals: Lens-Liévin PDF < 5 s warm and < 15 s cold; Pas-de-Calais PDF < 20 s and < 8 MB;
web portrait page of an EPCI < 300 ms warm.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def child(code: str) -> None:
    import django

    django.setup()
    from django.test import Client

    from sante_locale.accessibility import engine
    from sante_locale.core.access.parameters import default_parameters
    from sante_locale.portraits import service
    from sante_locale.territories.lookup import resolve

    engine.record_baseline(default_parameters())  # stored national APL (computed once per input state)
    shutil.rmtree(service.cache_dir(), ignore_errors=True)
    unit = resolve(code)
    start = time.perf_counter()
    path = service.export(unit, "pdf")
    cold = time.perf_counter() - start
    size = path.stat().st_size
    path.unlink()
    start = time.perf_counter()
    service.export(unit, "pdf")
    warm = time.perf_counter() - start
    start = time.perf_counter()
    service.export(unit, "pdf")
    cached = time.perf_counter() - start
    out = {"cold_s": cold, "warm_s": warm, "cached_s": cached, "pdf_bytes": size}
    if unit.level == "epci":
        client = Client()
        url = f"/territoires/{unit.level}/{unit.code}/portrait/"
        client.get(url)
        times = []
        for _ in range(10):
            t = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t)
        times.sort()
        out.update(page_ms=1000 * times[len(times) // 2], page_bytes=len(response.content))
    print(json.dumps(out))


def main() -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="sante_locale.config.dev", SANTE_LOCALE_ALLOWED_HOSTS="testserver")
    env.pop("DATABASE_URL", None)
    temporary = None
    if "SANTE_LOCALE_HOME" not in os.environ:
        temporary = tempfile.mkdtemp(prefix="bench-portrait-")
        env["SANTE_LOCALE_HOME"] = temporary
        exe = os.path.join(os.path.dirname(sys.executable), "sante-locale")
        print("Préparation de la base (référentiel réel, offre fictive nationale)…", flush=True)
        subprocess.run([exe, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    for code, label in (("epci:246200364", "CA de Lens-Liévin (36 communes)"),
                        ("62", "Pas-de-Calais (887 communes)")):
        out = subprocess.run([sys.executable, __file__, "--child", code], env=env, check=True, capture_output=True,
                             text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{label} : PDF à froid {r['cold_s']:.1f} s, à chaud {r['warm_s']:.1f} s, en cache "
              f"{1000 * r['cached_s']:.0f} ms, {r['pdf_bytes'] / 1e6:.2f} Mo")
        if "page_ms" in r:
            print(f"  page web du portrait (à chaud, médiane de 10) : {r['page_ms']:.0f} ms, "
                  f"{r['page_bytes'] / 1e3:.0f} ko")
    if temporary:
        shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
