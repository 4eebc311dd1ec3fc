"""PostgreSQL: snapshots with ``pg_dump`` (custom format), restored with ``pg_restore`` + ``psql``.

``pg_dump`` reads the whole database in one repeatable-read transaction: a consistent
snapshot while the application writes. Restoring runs, in ONE transaction of ``psql``: the
removal of every table of the schema, then the SQL that ``pg_restore`` makes of the archive;
the ``COMMIT`` is sent only when ``pg_restore`` has read the whole archive without error, so a
damaged archive or any failing statement leaves the database as it was (the connection closes
inside the transaction, which PostgreSQL rolls back). The application's requests wait on the
table locks meanwhile, then see the restored database.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sante_locale.backups.errors import BackupError

REQUIRED = ("django_migrations", "territories_commune")
DROP_TABLES = """DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', t.tablename);
  END LOOP;
END $$;
"""


def tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"L'outil PostgreSQL « {name} » est introuvable : installez les outils clients de "
                          "PostgreSQL, de la même version majeure que le serveur ou plus récente "
                          "(Debian : apt-get install postgresql-client), puis recommencez.")
    return path


def libpq_env(settings: dict) -> dict:
    """The connection of Django's ``settings`` as libpq variables (no password on a command line)."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("NAME", "PGDATABASE")):
        if settings.get(key):
            env[var] = str(settings[key])
    if (settings.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = settings["OPTIONS"]["sslmode"]
    return env


def _failure(what: str, result_stderr: bytes | str) -> BackupError:
    text = result_stderr.decode("utf-8", "replace") if isinstance(result_stderr, bytes) else result_stderr
    detail = " ".join(text.strip().splitlines()[-3:]) or "sans message"
    return BackupError(f"{what} ({detail}).")


def backup(settings: dict, target: Path) -> None:
    result = subprocess.run([tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                             f"--file={target}"], env=libpq_env(settings), capture_output=True)
    if result.returncode:
        raise _failure(f"pg_dump n'a pas pu sauvegarder la base « {settings['NAME']} »", result.stderr)
    check(target)


def check(path: Path) -> int:
    """Number of tables in the archive ``path``; :class:`BackupError` if it is not ours."""
    result = subprocess.run([tool("pg_restore"), "--list", str(path)], capture_output=True)
    if result.returncode:
        raise _failure(f"Le fichier {path} n'est pas une archive pg_dump lisible", result.stderr)
    tables = set()
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        words = line.split()
        if ";" in line and not line.lstrip().startswith(";") and "TABLE" in words:
            position = words.index("TABLE")
            if position + 2 < len(words) and words[position + 1] != "DATA":
                tables.add(words[position + 2])
    missing = [t for t in REQUIRED if t not in tables]
    if missing:
        raise BackupError(f"Le fichier {path} est une archive pg_dump, mais pas une sauvegarde de Santé Locale "
                          f"(tables absentes : {', '.join(missing)}).")
    return len(tables)


def restore(path: Path, settings: dict) -> None:
    env = libpq_env(settings)
    psql = subprocess.Popen([tool("psql"), "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", "--file=-"],
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dump = subprocess.Popen([tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        psql.stdin.write(b"SET client_min_messages = warning;\nBEGIN;\n" + DROP_TABLES.encode())
        shutil.copyfileobj(dump.stdout, psql.stdin, 1 << 20)
        dump_error = dump.stderr.read()
        dumped = dump.wait() == 0
        if dumped:
            psql.stdin.write(b"COMMIT;\n")  # only now: a partial archive never commits
    except BrokenPipeError:  # psql stopped on an error (ON_ERROR_STOP): nothing was committed
        dumped = dump.wait() == 0
        dump_error = b""
    finally:
        dump.stdout.close()
        try:
            psql.stdin.close()
        except BrokenPipeError:
            pass
    psql_error = psql.stderr.read()
    restored = psql.wait() == 0
    if not dumped:
        raise _failure(f"L'archive {path} est incomplète ou abîmée : la base « {settings['NAME']} » "
                       "n'a pas été modifiée", dump_error)
    if not restored:
        raise _failure(f"La restauration de {path} a échoué : la base « {settings['NAME']} » n'a pas été "
                       "modifiée", psql_error)
