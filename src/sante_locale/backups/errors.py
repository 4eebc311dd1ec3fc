"""The user's error of backups (French message, exit status 2 at the CLI)."""


class BackupError(Exception):
    """A backup or a restoration refused or failed; the database is unchanged."""
