"""The public directory of services that bring people to care (a data·inclusion superset)."""
