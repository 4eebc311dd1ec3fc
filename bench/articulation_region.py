"""Benchmark: the articulation of a whole région (all its EPCI, a few hundred dispositifs).

Run alone: ``.venv/bin/python bench/articulation_region.py [--region 32] [--extra 250]``.
Uses ``DATABASE_URL`` when set (e.g. ``postgres://postgres@127.0.0.1:5432/sl_coord_bench``),
else a temporary SQLite database. It loads the région's départements from the reference
package, the fictive demo supply and its stored national APL run, then generates one CLS per
EPCI and ``--extra`` dispositifs on custom perimeters (CPTS, ASV, CLSM: a few neighbouring
communes each), with partners and funding lines. It prints, as a Markdown table, the time of
:func:`sante_locale.coordination.articulation.gather` for the région (database reading, APL
from the stored run, computing; median of 5), of the computing alone (core), and of the page
(the map with one layer per dispositif and the network graph, rendered).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

REGION_DEPARTEMENTS = {"32": ["02", "59", "60", "62", "80"], "28": ["14", "27", "50", "61", "76"]}


def median_time(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def setup(region: str, extra: int) -> None:
    import random

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sante_locale.accessibility import engine
    from sante_locale.accounts.models import User
    from sante_locale.coordination.models import Dispositif, DispositifKind, Funding, Partnership
    from sante_locale.core.access.parameters import default_parameters
    from sante_locale.offer.imports.demo_supply import prepare_demo_supply
    from sante_locale.structures.models import Structure
    from sante_locale.territories.custom import save_territory
    from sante_locale.territories.importer import import_reference
    from sante_locale.territories.models import EPCI, Commune, Region

    if not Region.objects.filter(region_code=region).exists():
        import_reference(departements=REGION_DEPARTEMENTS[region])
    prepare_demo_supply()
    engine.record_baseline(default_parameters())
    if Dispositif.objects.filter(name__startswith="Banc ").exists():
        return
    rng = random.Random(9)
    owner, _ = User.objects.get_or_create(username="banc")
    kinds = {k.key: k for k in DispositifKind.objects.all()}
    structures = [Structure.objects.create(name=f"Structure de banc {n}", kind="association") for n in range(40)]
    epcis = list(EPCI.objects.filter(communes__departement__region__region_code=region).distinct())
    created = []
    for epci in epcis:
        carrier = Structure.objects.create(name=f"Banc {epci.name}", kind="epci")
        created.append(Dispositif.objects.create(name=f"Banc CLS {epci.name}", kind=kinds["cls"], carrier=carrier,
                                                 perimeter_level="epci", perimeter_code=epci.epci_siren,
                                                 coordinator_fte=1, is_public=True))
    communes = list(Commune.objects.filter(departement__region__region_code=region, kind="COM")
                    .prefetch_related("neighbours"))
    for n in range(extra):
        seed = rng.choice(communes)
        members = [seed] + list(seed.neighbours.all())[: rng.randint(2, 12)]
        territory = save_territory(owner, f"Banc périmètre {n}", "", members, visibility="shared")
        kind = rng.choice(["cpts", "asv", "clsm"])
        created.append(Dispositif.objects.create(
            name=f"Banc {kind.upper()} {n}", kind=kinds[kind], carrier=rng.choice(structures),
            perimeter_level="territoire", perimeter_code=territory.slug, perimeter_territory=territory,
            coordinator_fte=rng.choice([0.5, 0.8, 1]), is_public=True))
    for d in created:
        for s in rng.sample(structures, 3):
            Partnership.objects.create(dispositif=d, structure=s, role=rng.choice(["signatory", "partner"]))
        Funding.objects.create(dispositif=d, funder=rng.choice(structures), amount=rng.randint(10, 90) * 1000,
                               year=2025)


def measure(region: str) -> list[tuple[str, str]]:
    from django.template.loader import render_to_string

    from sante_locale.accounts.access import Operator
    from sante_locale.coordination.articulation import gather
    from sante_locale.core.articulation import articulate
    from sante_locale.territories.lookup import get_unit
    from sante_locale.www.coordination.presenters_articulation import page_context

    unit = get_unit("region", region)
    gather(unit, Operator())  # warm the process (imports, the reference's caches)
    art = gather(unit, Operator())
    r = art.result
    t_gather = median_time(lambda: gather(unit, Operator()))
    codes = r.communes["insee_code"].to_numpy()
    members = {j: list(codes[r.coverage[:, j]]) for j, level in enumerate(r.dispositifs["level"])
               if level == "territoire"}
    inputs = (r.communes, r.dispositifs, members, _qpv_frame(), _partners(r))
    t_core = median_time(lambda: articulate(*inputs))
    t_page = median_time(lambda: render_to_string("www/coordination/articulation.html",
                                                  page_context(art, "region", region)), repeat=3)
    size = len(render_to_string("www/coordination/articulation.html", page_context(art, "region", region)))
    return [
        ("communes, dispositifs", f"{len(r.communes)} communes, {len(r.dispositifs)} dispositifs"),
        ("articulation (lecture en base, APL stockée, calcul) — objectif < 2 s", f"{t_gather:.2f} s"),
        ("calcul seul (core.articulation)", f"{t_core * 1000:.0f} ms"),
        ("page (carte à une couche par dispositif, réseau) rendue", f"{t_page:.2f} s, {size / 1e6:.1f} Mo"),
        ("lacunes : communes sans CLS ni ASV ; chevauchements", f"{int(r.uncovered.sum())} ; {len(r.overlaps)}"),
        ("APL lue pour les lacunes hors CPTS", f"{'oui' if r.apl_known else 'non'} ({int(r.apl_gaps.sum())} communes)"),
    ]


def _qpv_frame():
    import pandas as pd

    return pd.DataFrame(columns=["qpv_code", "name", "insee_code"])


def _partners(r):
    import pandas as pd

    return pd.DataFrame({"dispositif": list(r.dispositifs["key"]), "structure": list(r.dispositifs["carrier"])})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--region", default="32", choices=sorted(REGION_DEPARTEMENTS))
    parser.add_argument("--extra", type=int, default=250, help="dispositifs on custom perimeters (default 250)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sante_locale.config.dev")
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("SANTE_LOCALE_HOME", tempfile.mkdtemp(prefix="banc-articulation-"))
    import django

    django.setup()
    from django.db import connection

    t0 = time.perf_counter()
    setup(args.region, args.extra)
    print(f"préparation : {time.perf_counter() - t0:.0f} s ({connection.vendor})", file=sys.stderr)
    print(f"| mesure ({connection.vendor}) | résultat |\n|---|---|")
    for label, value in measure(args.region):
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    main()
