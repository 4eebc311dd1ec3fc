"""The project's user model keeps Django's user table: a database made before it upgrades."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from sante_locale.accounts.management.commands.migrate import adopt_auth_user_table

pytestmark = pytest.mark.django_db


def test_the_user_model_is_ours_on_the_auth_user_table():
    model = get_user_model()
    assert model._meta.label == "accounts.User" and model._meta.db_table == "auth_user"


def test_an_older_database_has_its_user_table_adopted_once():
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied("accounts", "0001_initial")  # as in a database made before accounts.User
    try:
        assert adopt_auth_user_table(connection) is True
        assert ("accounts", "0001_initial") in recorder.applied_migrations()
        assert adopt_auth_user_table(connection) is False  # already adopted: nothing to do
    finally:
        recorder.record_applied("accounts", "0001_initial")
