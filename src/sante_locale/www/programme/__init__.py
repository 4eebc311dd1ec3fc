"""Pages of a dispositif's action programme, under ``/dispositifs/<pk>/programme/``: HTTP
only (views), forms, URLs and presenters; the ``programme`` app reads, checks and writes."""
