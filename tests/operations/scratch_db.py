"""Helpers of the operations tests (importable by name: ``from scratch_db import …``).

Operations tests run the real ``sante-locale`` command in subprocesses, on a database of
their own: a SQLite file in a temporary data folder, or a scratch PostgreSQL database named
after the test database (``<name>_ops_<random>``), dropped at the end.

Each test runs on the backend of the run: SQLite when ``DATABASE_URL`` is unset, PostgreSQL
when it names one (``scripts/test`` runs the suite both ways), so each backend is tested once.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from sante_locale.core.formats import plain

PG = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
BACKEND = "postgresql" if PG else "sqlite"


def sante_locale() -> str:
    return shutil.which("sante-locale") or os.path.join(os.path.dirname(sys.executable), "sante-locale")


class Database:
    """One scratch database and the environment that points ``sante-locale`` at it."""

    def __init__(self, home: Path, url: str | None):
        self.home, self.url = home, url
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        self.env.update(SANTE_LOCALE_HOME=str(home), DJANGO_SETTINGS_MODULE="sante_locale.config.dev")
        if url:
            self.env["DATABASE_URL"] = url

    @property
    def kind(self) -> str:
        return "postgresql" if self.url else "sqlite"

    @property
    def sqlite_path(self) -> Path:
        return self.home / "sante-locale.sqlite3"

    def run(self, *args, check=True, timeout=300, env=None, **kwargs) -> subprocess.CompletedProcess:
        result = subprocess.run([sante_locale(), *args], env=env or self.env, capture_output=True, text=True,
                                timeout=timeout, **kwargs)
        if check and result.returncode:
            raise AssertionError(f"sante-locale {' '.join(args)} → {result.returncode}\n{result.stdout}\n{result.stderr}")
        # messages compared whatever their French typography (tested in tests/www/test_typography.py)
        result.stdout, result.stderr = plain(result.stdout), plain(result.stderr)
        return result

    def python(self, code: str) -> str:
        result = subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code], env=self.env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def connect(self):
        if self.url:
            import psycopg

            return psycopg.connect(self.url, autocommit=True)
        return sqlite3.connect(self.sqlite_path, timeout=30)

    def tables(self, db) -> list[str]:
        if self.url:
            rows = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()
        else:
            rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                              "AND name NOT LIKE 'sqlite_%'").fetchall()
        return sorted(r[0] for r in rows)

    def rows(self, db, table: str) -> tuple[list[str], list[tuple]]:
        """Columns and rows of ``table``, values made comparable across drivers."""
        cursor = db.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the catalogue
        columns = [d[0] for d in cursor.description]
        return columns, [tuple(_plain(v) for v in row) for row in cursor.fetchall()]

    def state(self) -> dict[str, tuple[int, str]]:
        """Every table: (row count, SHA-256 of its sorted rows)."""
        with closing(self.connect()) as db:
            found = {}
            for table in self.tables(db):
                columns, rows = self.rows(db, table)
                digest = hashlib.sha256(json.dumps(columns).encode())
                for row in sorted(rows, key=repr):
                    digest.update(repr(row).encode())
                found[table] = (len(rows), digest.hexdigest())
            return found


def _plain(value):
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in "{[":
        try:  # SQLite keeps JSON as text, PostgreSQL as jsonb: compare the documents
            return json.dumps(json.loads(value), sort_keys=True, ensure_ascii=False)
        except ValueError:
            return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def pg_admin_url(url: str, name: str = "postgres") -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def create_pg_database(name: str, template: str | None = None) -> str:
    import psycopg

    base = os.environ["DATABASE_URL"]
    with psycopg.connect(pg_admin_url(base), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return pg_admin_url(base, name)


def drop_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(pg_admin_url(os.environ["DATABASE_URL"]), autocommit=True) as db:
        db.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def scratch_name() -> str:
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[1].split("?")[0]
    return f"{base}_ops_{secrets.token_hex(4)}"


def prepare(database: Database) -> Database:
    """A small but complete database: reference (Territoire de Belfort), demo supply and
    open data, a stored APL run, a user with a custom territory, a login failure."""
    database.run("import", "referentiel", "--departements", "90")
    database.run("demo", "--no-serve")
    database.run("apl", "calculer", "--territoire", "90", "--format", "csv", "-o", str(database.home / "apl.csv"))
    database.python(
        "from django.contrib.auth import get_user_model\n"
        "from sante_locale.territories.models import Commune, Territory\n"
        "u = get_user_model().objects.create_user('coordinatrice.belfort', password='une phrase assez longue')\n"
        "t = Territory.objects.create(name='CLS du Grand Belfort', slug='cls-du-grand-belfort', owner=u)\n"
        "t.communes.set(Commune.objects.filter(insee_code__in=['90010', '90011', '90065']))\n"
        "from axes.models import AccessAttempt\n"
        "AccessAttempt.objects.create(username='x', ip_address='192.0.2.1', user_agent='essai', "
        "get_data='', post_data='', http_accept='', path_info='/connexion/', failures_since_start=1)\n")
    return database


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process, log_path: Path, timeout: float = 120) -> None:
    import socket
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped ({process.returncode}): {log_path.read_text()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("the server did not start: " + log_path.read_text())
