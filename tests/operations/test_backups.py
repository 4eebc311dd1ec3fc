"""``sante-locale sauvegarder`` / ``restaurer``: round trips that compare every table, a snapshot
taken while another connection writes, and refusals that leave the database as it was."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing

import pytest
from scratch_db import PG, Database, prepare


def execute(database, *statements):
    with closing(database.connect()) as db:
        if database.url:
            for sql in statements:
                db.execute(sql)
        else:
            with db:
                for sql in statements:
                    db.execute(sql)


def damage(database):
    execute(database, "DELETE FROM territories_territory_communes",
            "UPDATE territories_commune SET name = 'Nom abîmé' WHERE insee_code = '90010'",
            "DELETE FROM accessibility_aplvalue")


def test_round_trip_keeps_every_table_row_for_row(prepared, scratch):
    before = prepared.state()
    filled = {t for t, (count, _) in before.items() if count}
    assert {"territories_commune", "offer_professional", "accessibility_aplvalue", "territories_territory_communes",
            "auth_user", "axes_accessattempt", "django_migrations", "offer_publishedapl"} <= filled
    backup = prepared.home / "sauvegarde.bak"
    saved = prepared.run("sauvegarder", str(backup))
    assert saved.stdout.startswith(f"Sauvegarde écrite : {backup} (")
    damage(prepared)
    assert prepared.state() != before
    restored = prepared.run("restaurer", str(backup), "--oui")
    assert restored.stdout.startswith(f"Base restaurée depuis {backup}")
    assert prepared.state() == before
    # and on a new, empty server (the case of a machine that died)
    elsewhere = scratch("nouvelle-machine")
    elsewhere.run("restaurer", str(backup), "--oui")
    assert elsewhere.state() == before
    assert elsewhere.run("territoire", "montrer", "cls-du-grand-belfort").returncode == 0


def _writer(database, stop: threading.Event, batches: list[int], size: int = 20):
    """Insert batches of ``size`` import records, one transaction each, until ``stop``."""
    insert = ("INSERT INTO offer_supplyimport (kind, file_name, vintage, imported_at, counts, set_aside_count, "
              "fictive) VALUES ('essai', {p}, '', {p}, '{{}}', 0, {false})")
    if database.url:
        import psycopg

        db = psycopg.connect(database.url)
        sql = insert.format(p="%s", false="false")
    else:
        db = sqlite3.connect(database.sqlite_path, timeout=30, isolation_level=None)
        sql = insert.format(p="?", false="0")
    with closing(db):
        n = 0
        while not stop.is_set():
            n += 1
            rows = [(f"lot-{n}", "2026-12-03T12:00:00+00:00")] * size
            if database.url:
                with db.transaction():
                    db.cursor().executemany(sql, rows)
            else:
                db.execute("BEGIN IMMEDIATE")
                db.executemany(sql, rows)
                db.execute("COMMIT")
            batches.append(n)
            time.sleep(0.002)


def test_a_snapshot_taken_while_another_connection_writes_is_consistent(prepared, scratch):
    stop, batches = threading.Event(), []
    thread = threading.Thread(target=_writer, args=(prepared, stop, batches), daemon=True)
    thread.start()
    try:
        while len(batches) < 5:
            time.sleep(0.01)
        started = len(batches)
        backup = prepared.home / "pendant.bak"
        prepared.run("sauvegarder", str(backup))
        ended = len(batches)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert ended > started, "the writer did not write while the snapshot was taken"
    copy = scratch("copie")
    copy.run("restaurer", str(backup), "--oui")
    with closing(copy.connect()) as db:
        counts = dict(db.execute("SELECT file_name, COUNT(*) FROM offer_supplyimport WHERE kind = 'essai' "
                                 "GROUP BY file_name").fetchall())
    numbers = sorted(int(name.removeprefix("lot-")) for name in counts)
    assert set(counts.values()) == {20}, "a batch was cut in two: the snapshot is not consistent"
    assert numbers == list(range(1, len(numbers) + 1)), "a batch is missing before a later one"
    assert started <= len(numbers) <= ended


def test_restore_refuses_what_is_not_a_backup_and_touches_nothing(prepared, tmp_path):
    before = prepared.state()
    text = tmp_path / "notes.txt"
    text.write_text("pas une sauvegarde\n")
    refused = prepared.run("restaurer", str(text), "--oui", check=False)
    assert refused.returncode == 2
    assert refused.stderr == (f"Erreur : Le fichier {text} n'est pas une sauvegarde de Santé Locale : ni une base "
                              "SQLite, ni une archive pg_dump (format « custom »). Donnez un fichier écrit par "
                              "« sante-locale sauvegarder ».\n")
    other = tmp_path / "autre.sqlite3"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE carnet (nom TEXT)")
    refused = prepared.run("restaurer", str(other), "--oui", check=False)
    assert refused.returncode == 2 and "pas une sauvegarde de Santé Locale (tables absentes" in refused.stderr
    missing = prepared.run("restaurer", str(tmp_path / "absent.bak"), "--oui", check=False)
    assert missing.returncode == 2 and "n'existe pas" in missing.stderr
    assert prepared.state() == before


def test_restore_asks_for_confirmation(prepared):
    backup = prepared.home / "sauvegarde.bak"
    prepared.run("sauvegarder", str(backup))
    damage(prepared)
    damaged = prepared.state()
    no_tty = prepared.run("restaurer", str(backup), check=False, stdin=subprocess.DEVNULL)
    assert no_tty.returncode == 2 and "ajoutez --oui pour confirmer" in no_tty.stderr
    assert prepared.state() == damaged


def test_a_damaged_backup_is_refused_and_the_database_left_as_it_was(prepared):
    backup = prepared.home / "sauvegarde.bak"
    prepared.run("sauvegarder", str(backup))
    damage(prepared)
    damaged = prepared.state()
    data = backup.read_bytes()
    # the end of the file cut off: PostgreSQL reads the table of contents but not all the data
    broken = prepared.home / "tronquee.bak"
    broken.write_bytes(data[: len(data) - 2000])
    refused = prepared.run("restaurer", str(broken), "--oui", check=False)
    assert refused.returncode == 2
    expected = "est incomplète ou abîmée" if PG else "ce n'est pas une sauvegarde utilisable"
    assert expected in refused.stderr and "Traceback" not in refused.stderr
    assert prepared.state() == damaged


def test_backup_checks_its_target_before_any_work(prepared, tmp_path):
    backup = tmp_path / "sauvegarde.bak"
    prepared.run("sauvegarder", str(backup))
    first = backup.read_bytes()
    again = prepared.run("sauvegarder", str(backup), check=False)
    assert again.returncode == 2 and "existe déjà" in again.stderr and "--ecraser" in again.stderr
    assert backup.read_bytes() == first
    assert prepared.run("sauvegarder", str(backup), "--ecraser").returncode == 0
    nowhere = prepared.run("sauvegarder", str(tmp_path / "absent" / "x.bak"), check=False)
    assert nowhere.returncode == 2 and "n'existe pas" in nowhere.stderr
    assert not list(tmp_path.glob(".*partiel"))


@pytest.mark.skipif(not PG, reason="PostgreSQL's client tools (run with DATABASE_URL=postgres://…)")
def test_postgresql_without_its_client_tools_is_a_french_message(prepared, tmp_path):
    env = dict(prepared.env, PATH=os.path.dirname(sys.executable))  # the venv only: no pg_dump
    result = prepared.run("sauvegarder", str(tmp_path / "x.bak"), check=False, env=env)
    assert result.returncode == 2
    assert "L'outil PostgreSQL « pg_dump » est introuvable" in result.stderr and "postgresql-client" in result.stderr


@pytest.mark.skipif(not PG, reason="a SQLite backup offered to a PostgreSQL database")
def test_a_backup_of_the_other_kind_of_database_is_refused(prepared, tmp_path):
    sqlite_db = prepare(Database(tmp_path / "sqlite", None)) if (tmp_path / "sqlite").mkdir() is None else None
    backup = tmp_path / "sqlite.bak"
    sqlite_db.run("sauvegarder", str(backup))
    before = prepared.state()
    refused = prepared.run("restaurer", str(backup), "--oui", check=False)
    assert refused.returncode == 2
    assert "est une sauvegarde SQLite, mais la base configurée est PostgreSQL" in refused.stderr
    assert prepared.state() == before


@pytest.mark.skipif(not PG, reason="pg_restore dying half-way (run with DATABASE_URL=postgres://…)")
def test_pg_restore_dying_half_way_commits_nothing(prepared, tmp_path):
    """pg_restore stops after a few complete tables (a read error, a killed process): what it
    wrote so far is valid SQL, yet nothing of it may be committed."""
    backup = prepared.home / "sauvegarde.bak"
    prepared.run("sauvegarder", str(backup))
    damage(prepared)
    damaged = prepared.state()
    real = shutil.which("pg_restore")
    fake = tmp_path / "bin" / "pg_restore"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\nif [ "$1" = "--list" ]; then exec {real} "$@"; fi\n'
                    f"{real} \"$@\" | awk '{{print}} /^\\\\\\.$/ {{n++; if (n == 3) exit}}'\nexit 1\n")
    fake.chmod(0o755)
    env = dict(prepared.env, PATH=f"{fake.parent}:{prepared.env['PATH']}")
    refused = prepared.run("restaurer", str(backup), "--oui", check=False, env=env)
    assert refused.returncode == 2 and "est incomplète ou abîmée" in refused.stderr
    assert prepared.state() == damaged
