"""Users are Django's own; roles scoped to dispositifs and territories come with coordination."""
