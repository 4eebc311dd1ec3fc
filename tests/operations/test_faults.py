"""Faults: an import killed (SIGKILL) while it writes leaves the database as it was and a second
run succeeds; a production server answers a French 503 while its PostgreSQL database cannot be
reached, and recovers by itself when the database is back."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import closing

import pytest
from scratch_db import PG, free_port, pg_admin_url, sante_locale, wait_for_port

from sante_locale.core.sources.rpps import RPPS_COLUMNS

PROFESSIONALS = 150_000


def write_rpps(path, communes: list[str], n: int = PROFESSIONALS) -> None:
    """An Annuaire Santé extract in the real layout: ``n`` GPs, one practice site each."""
    idx = {c: i for i, c in enumerate(RPPS_COLUMNS)}
    with path.open("w", encoding="utf-8") as f:
        f.write("|".join(RPPS_COLUMNS) + "|\n")
        for k in range(n):
            row = [""] * len(RPPS_COLUMNS)
            rid = f"1{k:010d}"
            commune = communes[k % len(communes)]
            for column, value in (("Type d'identifiant PP", "8"), ("Identifiant PP", rid),
                                  ("Identification nationale PP", "8" + rid), ("Nom d'exercice", "MARTIN"),
                                  ("Prénom d'exercice", "CAMILLE"), ("Code profession", "10"),
                                  ("Libellé profession", "Médecin"), ("Code savoir-faire", "SM54"),
                                  ("Code type savoir-faire", "S"), ("Code mode exercice", "L"),
                                  ("Identifiant technique de la structure", f"S{k:014d}"),
                                  ("Raison sociale site", f"CABINET {k}"),
                                  ("Code postal (coord. structure)", "90000"),
                                  ("Code commune (coord. structure)", commune),
                                  ("Code secteur d'activité", "SA07")):
                row[idx[column]] = value
            f.write("|".join(row) + "|\n")


def _writing(database) -> bool:
    """True while another connection holds the write lock on the supply tables."""
    if database.url:
        with closing(database.connect()) as db:
            return bool(db.execute(
                "SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'offer_professional' AND l.granted AND l.pid <> pg_backend_pid() "
                "AND l.mode IN ('RowExclusiveLock', 'AccessExclusiveLock')").fetchone())
    with closing(sqlite3.connect(database.sqlite_path, timeout=0, isolation_level=None)) as db:
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:  # "database is locked": a writer is at work
            return "locked" in str(exc)
        db.execute("ROLLBACK")
        return False


def test_an_import_killed_while_writing_leaves_the_database_as_it_was(prepared, tmp_path):
    with closing(prepared.connect()) as db:
        communes = [c for (c,) in db.execute("SELECT insee_code FROM territories_commune").fetchall()]
    path = tmp_path / "PS_LibreAcces_Personne_activite_202612010800.txt"
    write_rpps(path, communes)
    before = prepared.state()
    process = subprocess.Popen([sante_locale(), "import", "rpps", str(path)], env=prepared.env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        while not _writing(prepared):
            assert process.poll() is None, "the import ended before it was seen writing: " + process.stderr.read().decode()
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.05)
        time.sleep(0.3)  # rows are being written
        assert process.poll() is None, "the import ended before the kill: make the file bigger"
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    assert prepared.state() == before  # nothing half-written
    second = prepared.run("import", "rpps", str(path), timeout=600)
    assert "Traceback" not in second.stderr
    with closing(prepared.connect()) as db:
        assert db.execute("SELECT COUNT(*) FROM offer_professional").fetchone()[0] == PROFESSIONALS
        assert db.execute("SELECT COUNT(*) FROM offer_professional WHERE fictive").fetchone()[0] == 0


# --- the database goes away under a production server -----------------------------------


def get(url: str) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # as the proxy sends it
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read().decode()


def _set_connections(url: str, allowed: bool) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(pg_admin_url(url), autocommit=True) as db:
        db.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"true" if allowed else "false"}')
        if not allowed:
            db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])


@pytest.mark.skipif(not PG, reason="production serves PostgreSQL only (run with DATABASE_URL=postgres://…)")
def test_production_server_answers_503_while_the_database_is_away_then_recovers(prepared):
    port = free_port()
    env = dict(prepared.env, SANTE_LOCALE_WORKERS="2", SANTE_LOCALE_THREADS="2")
    log_path = prepared.home / "serveur.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen([sante_locale(), "serve", "--production", "--port", str(port)], env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    page = f"{base}/territoires/departement/90/"
    try:
        wait_for_port(port, server, log_path)
        status, headers, html = get(page)
        assert status == 200 and "Territoire de Belfort" in html
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        status, headers, _ = get(f"{base}/connexion/")
        assert status == 200 and headers["Set-Cookie"].startswith("__Host-csrftoken=")
        assert "Secure" in headers["Set-Cookie"]

        _set_connections(prepared.url, allowed=False)
        try:
            # pages not asked for before (a page already served may come from a worker's page cache)
            for url in (f"{base}/territoires/commune/90010/", f"{base}/recherche/?q=belfort",
                        f"{base}/territoires/commune/90010/portrait/"):
                status, headers, html = get(url)
                assert status == 503, (url, status, html[:300])
                assert "Service momentanément indisponible" in html and "Traceback" not in html
                assert headers["Retry-After"] == "30" and "Content-Security-Policy" in headers
        finally:
            _set_connections(prepared.url, allowed=True)
        deadline = time.monotonic() + 30
        search = f"{base}/recherche/?q=belfort"  # answered 503 above: not from the cache
        while (status := get(search)[0]) != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert status == 200, "the server did not recover by itself"
        assert server.poll() is None  # never restarted
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = [line for line in log_path.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines if line.startswith("{")]
    plain = [line for line in lines if not line.startswith("{")]
    assert plain == [f"Application servie sur http://127.0.0.1:{port} (production, Ctrl+C pour arrêter)"]
    access = [r for r in records if r["logger"] == "gunicorn.access"]
    assert {r["status"] for r in access} >= {200, 503}
    assert {"time", "level", "message", "remote", "method", "path", "duration_ms"} <= set(access[0])
    assert any(r["logger"] == "django.request" and r["status"] == 503 and r["level"] == "ERROR" for r in records)
