"""Time the official-file readers alone (no database) and report peak memory.

Runs each reader in a fresh child process so that the peak resident memory
(``ru_maxrss``) is the reader's own. Generates the input files under /tmp if missing.

Usage::

    .venv/bin/python bench/sources.py [--rpps PATH] [--finess PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _child(kind: str, path: str) -> None:
    start = time.perf_counter()
    if kind == "rpps":
        from sante_locale.core.sources.rpps import read_rpps

        data = read_rpps(path)
        detail = {
            "lines": data.lines_read,
            "professionals": len(data.professionals),
            "sites": len(data.sites),
            "activities": len(data.activities),
            "set_aside": len(data.set_aside),
        }
    else:
        from sante_locale.core.sources.finess import read_finess

        df, aside = read_finess(path)
        detail = {"establishments_kept": len(df), "set_aside": len(aside)}
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(elapsed, 2), "peak_mb": round(peak_mb), **detail}))


def _run(kind: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rpps", default="/tmp/PS_LibreAcces_Personne_activite_bench.txt")
    parser.add_argument("--finess", default="/tmp/etalab-cs1100507-stock-bench.csv")
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    rpps, finess = Path(args.rpps), Path(args.finess)
    if not rpps.exists():
        subprocess.run([sys.executable, str(HERE / "gen_rpps.py"), str(rpps)], check=True)
    if not finess.exists():
        subprocess.run([sys.executable, str(HERE / "gen_finess.py"), str(finess)], check=True)
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )  # fmt: skip
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(
        f"machine: {os.cpu_count()} CPU ({cpu}), {ram:.0f} Gio RAM, Python {platform.python_version()}"
    )
    for kind, path in (("rpps", rpps), ("finess", finess)):
        size = path.stat().st_size / 1e6
        result = _run(kind, path)
        print(f"{kind:7s} {path.name} ({size:,.0f} Mo): {result}")


if __name__ == "__main__":
    main()
