"""``migrate``, first adopting Django's user table for the project's own user model.

Databases created before ``accounts.User`` existed hold their users in ``auth_user`` and
have applied migrations that depended on ``auth.User``. ``accounts.User`` keeps that very
table, with the same columns; its first migration is recorded as applied on such a
database (no table is touched), so that ``migrate`` goes on with every row kept. A new
database is migrated as usual. This is the documented way to move to a custom user model
mid-project (Django ticket #25313), done here once, automatically.
"""

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder


def adopt_auth_user_table(connection) -> bool:
    """Record ``accounts.0001_initial`` as applied where ``auth_user`` predates it."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return False
    applied = recorder.applied_migrations()
    if ("accounts", "0001_initial") in applied or ("auth", "0001_initial") not in applied:
        return False
    if "auth_user" not in connection.introspection.table_names():
        return False
    recorder.record_applied("accounts", "0001_initial")
    return True


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " Adopte d'abord la table des utilisateurs d'une base antérieure."

    def handle(self, *args, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if adopt_auth_user_table(connection) and options.get("verbosity", 1) >= 1:
            self.stdout.write("Table des utilisateurs existante reprise par le modèle accounts.User.")
        return super().handle(*args, **options)
