"""A database created by the previous release upgrades with ``migrate`` and keeps every row.

The previous release's databases (``fixtures/release-21dca9c.*``, made by that release's own
code with ``fixtures/make_release_databases.sh``) are migrated by the current code; then every
table of the old database must still exist under its name, keep every column, and hold every
old row (new rows, such as new migration records, may be added). The comparison reads the
table list from the old database itself, so new apps and models need no change here; a
migration that changes stored values on purpose declares it in ``TRANSFORMED`` below.
"""

from __future__ import annotations

import gzip
import importlib
import os
import shutil
import subprocess
import sys
from collections import Counter
from contextlib import closing
from pathlib import Path

from scratch_db import Database

FIXTURES = Path(__file__).parent / "fixtures"
RELEASE = "21dca9c"

#: (table, column) → {old value: new value}, for data migrations that rewrite values on purpose
TRANSFORMED = {
    ("offer_supplyimport", "kind"): importlib.import_module(
        "sante_locale.offer.migrations.0003_english_import_kinds").RENAMED,
}
#: tables or columns that a migration removes on purpose (none so far): {table: {columns}} / {table: None}
REMOVED: dict[str, set[str] | None] = {}


def load_release(database: Database) -> None:
    if database.url:
        sql = gzip.decompress((FIXTURES / f"release-{RELEASE}.postgresql.sql.gz").read_bytes())
        result = subprocess.run(["psql", "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", database.url],
                                input=sql, capture_output=True, timeout=300)
        assert result.returncode == 0, result.stderr.decode()
    else:
        with gzip.open(FIXTURES / f"release-{RELEASE}.sqlite3.gz") as packed, database.sqlite_path.open("wb") as f:
            shutil.copyfileobj(packed, f)


def contents(database: Database) -> dict[str, tuple[list[str], list[tuple]]]:
    with closing(database.connect()) as db:
        return {table: database.rows(db, table) for table in database.tables(db)}


def migrate(database: Database) -> None:
    admin = os.path.join(os.path.dirname(sys.executable), "django-admin")
    result = subprocess.run([admin, "migrate", "--noinput"], env=database.env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def lost_rows(old: dict, new: dict) -> dict[str, str]:
    """What the migration lost, table by table (empty: nothing)."""
    lost = {}
    for table, (columns, rows) in old.items():
        if table in REMOVED and REMOVED[table] is None:
            continue
        if table not in new:
            lost[table] = "table disparue"
            continue
        new_columns, new_rows = new[table]
        missing = set(columns) - set(new_columns) - (REMOVED.get(table) or set())
        if missing:
            lost[table] = f"colonnes disparues : {sorted(missing)}"
            continue
        kept = [c for c in columns if c in new_columns]
        old_at = [columns.index(c) for c in kept]
        new_at = [new_columns.index(c) for c in kept]
        maps = [TRANSFORMED.get((table, c), {}) for c in kept]
        expected = Counter(tuple(m.get(row[i], row[i]) for i, m in zip(old_at, maps, strict=True)) for row in rows)
        found = Counter(tuple(row[i] for i in new_at) for row in new_rows)
        gone = expected - found
        if gone:
            lost[table] = f"{sum(gone.values())} ligne(s) perdue(s) ou changée(s), par exemple {next(iter(gone))}"
    return lost


def test_the_previous_release_upgrades_and_keeps_every_row(scratch):
    database = scratch("version-precedente")
    load_release(database)
    old = contents(database)
    assert sum(len(rows) for _, rows in old.values()) > 1000
    assert {"territories_commune", "offer_professional", "accessibility_aplvalue", "auth_user",
            "territories_territory_communes", "offer_supplyimport"} <= {t for t, (_, r) in old.items() if r}
    migrate(database)
    new = contents(database)
    assert lost_rows(old, new) == {}
    # the data migration ran: the release's French kind name is now the English key
    kinds = {row[new["offer_supplyimport"][0].index("kind")] for row in new["offer_supplyimport"][1]}
    assert kinds == {"demo", "birth_years"}
    # and the application reads the upgraded database
    shown = database.run("territoire", "montrer", "cls-du-grand-belfort", "--format", "json")
    assert '"CLS du Grand Belfort"' in shown.stdout
    assert database.run("version", "--verbose").returncode == 0


def test_the_comparison_sees_a_lost_row_a_lost_column_and_a_changed_value():
    old = {"t": (["id", "name", "kind"], [(1, "a", "ages"), (2, "b", "demo")])}
    assert lost_rows(old, {"t": (["id", "name", "kind"], [(2, "b", "demo"), (1, "a", "ages")])}) == {}
    assert lost_rows(old, {"t": (["id", "name", "kind"], [(2, "b", "demo")])}) == {
        "t": "1 ligne(s) perdue(s) ou changée(s), par exemple (1, 'a', 'ages')"}
    # « ages » → « birth_years » is declared for offer_supplyimport only, not for this table
    assert lost_rows(old, {"t": (["id", "name", "kind"], [(1, "a", "birth_years"), (2, "b", "demo")])}) != {}
    assert lost_rows(old, {}) == {"t": "table disparue"}
    assert lost_rows(old, {"t": (["id", "kind"], [(1, "ages"), (2, "demo")])}) == {
        "t": "colonnes disparues : ['name']"}
    assert lost_rows(old, {"t": (["id", "name", "kind", "new"], [(1, "a", "ages", 0), (2, "b", "demo", 0),
                                                                 (3, "c", "x", 0)])}) == {}
    renamed = {"offer_supplyimport": old["t"]}
    upgraded = {"offer_supplyimport": (["id", "name", "kind", "extra"], [(1, "a", "birth_years", 5),
                                                                        (2, "b", "demo", 5), (3, "z", "x", 5)])}
    assert lost_rows(renamed, upgraded) == {}  # declared rename applied, added rows and columns allowed
