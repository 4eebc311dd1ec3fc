"""Backups that lose nothing: a consistent snapshot of the whole database, and its restoration.

:func:`backup` writes a snapshot of the configured database to a file while the application
keeps serving: SQLite through the online backup API (:mod:`.sqlite`), PostgreSQL through
``pg_dump`` in its custom format (:mod:`.postgres`). :func:`restore` first checks that the
file is a backup of Santé Locale for the same kind of database, then replaces the whole
database in one transaction: on any failure the database is left as it was.

Errors meant for the user are :class:`BackupError`, in French.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sante_locale.backups.errors import BackupError
from sante_locale.core.oserrors import reason

__all__ = ["BackupError", "BackupInfo", "backup", "inspect", "restore"]

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
KIND_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str  # "sqlite" or "postgresql"
    tables: int
    size: int


def _database():
    from django.db import connection

    if connection.vendor not in KIND_LABELS:
        raise BackupError(f"Base « {connection.vendor} » non prise en charge : SQLite ou PostgreSQL seulement.")
    return connection.vendor, connection.settings_dict


def check_target(target: Path, overwrite: bool = False) -> Path:
    """Refuse, before any work, a backup file that cannot be written."""
    target = Path(target)
    if not str(target).strip() or str(target) == ".":
        raise BackupError("Nom du fichier de sauvegarde vide : donnez un chemin, par exemple "
                          "sauvegardes/sante-locale.sauvegarde.")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        if target.is_dir():
            raise BackupError(f"{target} est un dossier : donnez le nom du fichier de sauvegarde à écrire.")
        if target.exists() and not overwrite:
            raise BackupError(f"Le fichier {target} existe déjà : choisissez un autre nom, ou ajoutez --ecraser.")
        if not folder.is_dir():
            raise BackupError(f"Le dossier {folder} n'existe pas : créez-le, ou choisissez un autre chemin.")
        fd, probe = tempfile.mkstemp(prefix=".sauvegarde.", suffix=".essai", dir=folder)
        os.close(fd)
        os.unlink(probe)
        if not target.exists():  # the name itself must be creatable there (length, characters)
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            os.unlink(target)
    except OSError as exc:
        shown = str(target) if len(str(target)) <= 120 else str(target)[:117] + "…"
        raise BackupError(f"Impossible d'écrire la sauvegarde {shown} ({reason(exc)}) : choisissez un dossier où "
                          "vous pouvez écrire, ou corrigez ses droits.") from None
    return target


def backup(target: Path, overwrite: bool = False) -> BackupInfo:
    """Write a consistent snapshot of the database to ``target`` (replaced atomically)."""
    target = check_target(target, overwrite)
    kind, settings = _database()
    partial = target.with_name(f".{target.name}.partiel")
    try:
        if kind == "sqlite":
            from sante_locale.backups import sqlite

            sqlite.backup(Path(settings["NAME"]), partial)
        else:
            from sante_locale.backups import postgres

            postgres.backup(settings, partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return inspect(target)


def inspect(path: Path) -> BackupInfo:
    """What ``path`` holds; :class:`BackupError` when it is not a backup of Santé Locale."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Le fichier {path} n'existe pas.")
    with path.open("rb") as f:
        head = f.read(16)
    if head.startswith(SQLITE_MAGIC):
        from sante_locale.backups import sqlite

        return BackupInfo(path, "sqlite", sqlite.check(path), path.stat().st_size)
    if head.startswith(PG_MAGIC):
        from sante_locale.backups import postgres

        return BackupInfo(path, "postgresql", postgres.check(path), path.stat().st_size)
    raise BackupError(f"Le fichier {path} n'est pas une sauvegarde de Santé Locale : ni une base SQLite, "
                      "ni une archive pg_dump (format « custom »). Donnez un fichier écrit par "
                      "« sante-locale sauvegarder ».")


def restore(path: Path) -> BackupInfo:
    """Replace the whole database by the backup ``path``, in one transaction."""
    info = inspect(path)
    kind, settings = _database()
    if info.kind != kind:
        raise BackupError(f"Le fichier {path} est une sauvegarde {KIND_LABELS[info.kind]}, mais la base configurée "
                          f"est {KIND_LABELS[kind]} : restaurez-la dans une base {KIND_LABELS[info.kind]} "
                          "(variable DATABASE_URL, voir docs/environnement.md).")
    from django.db import connections

    connections.close_all()  # this process holds no lock on what is replaced
    if kind == "sqlite":
        from sante_locale.backups import sqlite

        sqlite.restore(path, Path(settings["NAME"]))
    else:
        from sante_locale.backups import postgres

        postgres.restore(path, settings)
    return info
