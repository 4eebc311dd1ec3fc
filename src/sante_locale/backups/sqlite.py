"""SQLite: snapshots with the online backup API of the standard library's ``sqlite3``.

The whole copy is one step of the backup API (``pages=-1``): it reads one consistent state of
the database (a WAL reader's snapshot) while the application goes on writing. Restoring copies
the backup into the live file the same way, in one write transaction: the application's
connections see the old database, then the restored one, never a mix; a failure rolls back.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sante_locale.backups.errors import BackupError

#: tables a database of Santé Locale always has (Django's migration record, the reference)
REQUIRED = ("django_migrations", "territories_commune")


def backup(database: Path, target: Path) -> None:
    if not database.is_file():
        raise BackupError(f"La base SQLite {database} n'existe pas encore : rien à sauvegarder.")
    with closing(sqlite3.connect(database, timeout=30)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)  # one step: one consistent snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    check(target)


def check(path: Path) -> int:
    """Number of tables of the backup ``path``; :class:`BackupError` if it is damaged or foreign."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            verdict = db.execute("PRAGMA quick_check").fetchone()[0]
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Le fichier {path} est une base SQLite illisible ou abîmée ({exc}) : "
                          "ce n'est pas une sauvegarde utilisable.") from exc
    if verdict != "ok":
        first = verdict.splitlines()[0][:200]
        raise BackupError(f"Le fichier {path} est une base SQLite abîmée (contrôle d'intégrité : {first}) : "
                          "ce n'est pas une sauvegarde utilisable.")
    missing = [t for t in REQUIRED if t not in tables]
    if missing:
        raise BackupError(f"Le fichier {path} est une base SQLite, mais pas une sauvegarde de Santé Locale "
                          f"(tables absentes : {', '.join(missing)}).")
    return len(tables)


def restore(backup_path: Path, database: Path) -> None:
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        with closing(sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)) as source, \
                closing(sqlite3.connect(database, timeout=60)) as live:
            source.backup(live)  # one write transaction on the live database
    except sqlite3.Error as exc:
        raise BackupError(f"La restauration de {backup_path} a échoué ({exc}) : la base {database} "
                          "n'a pas été modifiée.") from exc
