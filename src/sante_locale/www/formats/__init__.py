"""Django format modules: the French formats of ``core.formats`` for what Django itself
writes (numbers with ``USE_THOUSAND_SEPARATOR``, the ``date`` and ``time`` filters)."""
