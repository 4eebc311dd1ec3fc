"""Benchmark of the health-supply imports into SQLite, through the real CLI code.

Run alone: ``.venv/bin/python bench/import_supply.py`` (about 3–4 minutes). It

1. writes the national-size fictive files under ``/tmp`` with ``bench/gen_rpps.py``
   (~2.2 M lines) and ``bench/gen_finess.py`` (~100,000 establishments) unless they exist;
2. makes a fresh ``SANTE_LOCALE_HOME`` and imports the whole reference
   (``sante-locale import referentiel``);
3. runs ``sante-locale import rpps FICHIER`` then ``sante-locale import finess FICHIER``,
   each in a fresh process (``cli.main``, the same code as the command), and prints wall
   time and peak memory (``VmHWM`` of ``/proc/self/status`` at the end of the process).

Goals: RPPS under 90 s and 2 GB, FINESS under 20 s.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOALS = {"rpps": (90, 2048), "finess": (20, None)}


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _child(kind: str, path: str) -> None:
    from sante_locale import cli

    start = time.perf_counter()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli.main(["import", kind, path])
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"import {kind} failed ({status}):\n{out.getvalue()}")
    print(json.dumps({"seconds": round(elapsed, 1), "peak_mb": round(_peak_mb()),
                      "report": [line.strip() for line in out.getvalue().splitlines()]}))


def _run(kind: str, path: Path, env: dict) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(path)], env=env,
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ensure(script: str, path: Path) -> None:
    if not path.exists():
        print(f"writing {path} with bench/{script}…", flush=True)
        subprocess.run([sys.executable, str(HERE / script), str(path)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rpps", default="/tmp/PS_LibreAcces_Personne_activite_bench.txt")
    parser.add_argument("--finess", default="/tmp/etalab-cs1100507-stock-bench.csv")
    args = parser.parse_args()
    files = {"rpps": Path(args.rpps), "finess": Path(args.finess)}
    _ensure("gen_rpps.py", files["rpps"])
    _ensure("gen_finess.py", files["finess"])
    home = tempfile.mkdtemp(prefix="bench-offre-")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["SANTE_LOCALE_HOME"] = home
    exe = Path(sys.executable).with_name("sante-locale")
    start = time.perf_counter()
    subprocess.run([str(exe), "import", "referentiel"], env=env, check=True, capture_output=True)
    print(f"reference imported in {time.perf_counter() - start:.1f} s (SANTE_LOCALE_HOME={home})", flush=True)
    print("| import | lines | goal | time | peak memory |")
    print("|---|---|---|---|---|")
    for kind, path in files.items():
        result = _run(kind, path, env)
        seconds, mb = GOALS[kind]
        goal = f"< {seconds} s" + (f", < {mb / 1024:.0f} GB" if mb else "")
        with path.open("rb") as f:
            lines = sum(1 for _ in f)
        ok = result["seconds"] < seconds and (mb is None or result["peak_mb"] < mb)
        print(f"| {kind} | {lines:,} | {goal} | {result['seconds']} s | {result['peak_mb']} MB |"
              f"{'' if ok else ' MISSED'}", flush=True)
        for line in result["report"]:
            print("    " + line)


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
    else:
        main()
