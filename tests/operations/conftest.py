"""Fixtures of the operations tests: scratch databases of the run's backend (see ``scratch_db``)."""

import shutil

import pytest
from scratch_db import PG, Database, create_pg_database, drop_pg_database, prepare, scratch_name


@pytest.fixture
def scratch(tmp_path):
    """``scratch(name="a")``: a new empty database of the run's backend (several per test allowed)."""
    made = []

    def make(name: str = "base") -> Database:
        home = tmp_path / name
        home.mkdir()
        if PG:
            db_name = scratch_name()
            made.append(db_name)
            return Database(home, create_pg_database(db_name))
        return Database(home, None)

    yield make
    for db_name in made:
        drop_pg_database(db_name)


@pytest.fixture(scope="session")
def _prepared_template(tmp_path_factory):
    """One prepared database per session, copied for each test (a file, or a PostgreSQL template)."""
    home = tmp_path_factory.mktemp("modele")
    name = scratch_name() if PG else None
    database = prepare(Database(home, create_pg_database(name) if PG else None))
    yield database, name
    if name:
        drop_pg_database(name)


@pytest.fixture
def prepared(_prepared_template, tmp_path):
    """A copy of the prepared database (see ``scratch_db.prepare``), the test's own."""
    template, template_name = _prepared_template
    home = tmp_path / "preparee"
    home.mkdir()
    if PG:
        db_name = scratch_name()
        database = Database(home, create_pg_database(db_name, template=template_name))
        yield database
        drop_pg_database(db_name)
    else:
        shutil.copy2(template.sqlite_path, home / "sante-locale.sqlite3")
        yield Database(home, None)
