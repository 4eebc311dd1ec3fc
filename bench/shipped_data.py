"""Extra time of ``sante-locale demo`` for the open data shipped in the package.

Run alone: ``SANTE_LOCALE_HOME=… .venv/bin/python bench/shipped_data.py`` on a database
prepared by ``sante-locale demo --no-serve`` (whole of France). Inside one transaction that
is rolled back at the end (the database is left as it was), the published APL and the QPV
are removed, then imported again from the package as the demo does (first run), then the
import is called once more (second run: nothing to do). Prints the figures as JSON.
"""

from __future__ import annotations

import json
import os
import sys
import time


class _RollBack(Exception):
    pass


def main() -> None:
    if "SANTE_LOCALE_HOME" not in os.environ:
        sys.exit("SANTE_LOCALE_HOME must point to a database prepared by « sante-locale demo --no-serve ».")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sante_locale.config.dev")
    import django

    django.setup()
    from django.db import transaction

    from sante_locale.offer.models import PublishedAPL, SupplyImport
    from sante_locale.offer.shipped import import_shipped_data
    from sante_locale.territories.models import QPV, Commune

    figures = {"communes": Commune.objects.count()}
    try:
        with transaction.atomic():
            PublishedAPL.objects.all().delete()
            QPV.objects.all().delete()
            SupplyImport.objects.filter(kind__in=("published_apl", "qpv")).delete()
            start = time.perf_counter()
            import_shipped_data()
            figures["first_run_s"] = round(time.perf_counter() - start, 2)
            figures["published_apl_rows"] = PublishedAPL.objects.count()
            figures["qpv"] = QPV.objects.count()
            start = time.perf_counter()
            import_shipped_data()
            figures["second_run_s"] = round(time.perf_counter() - start, 3)
            raise _RollBack
    except _RollBack:
        pass
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
