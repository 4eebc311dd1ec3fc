"""The portrait's « Dispositifs de coordination » section, from an articulation
(:class:`sante_locale.core.articulation.Articulation`) of the territory's public dispositifs."""

from __future__ import annotations

import numpy as np

from sante_locale.core.articulation import Articulation
from sante_locale.core.portrait.model import Column, Figure, Section, Table

SOURCE = "Registre des dispositifs de Santé Locale (dispositifs publics)"


def coordination_section(art: Articulation | None, vintage: str = "") -> Section:
    """The section: key figures (dispositifs, communes and population without CLS or ASV,
    QPV without CLS or ASV), the dispositifs with their means, and the overlaps.

    Examples
    --------
    >>> coordination_section(None).notes[0][:40]
    'Aucun dispositif public (CLS, CLSM, ASV,'
    """
    if art is None or art.dispositifs.empty:
        return Section("dispositifs", "Dispositifs de coordination", notes=[
            "Aucun dispositif public (CLS, CLSM, ASV, CPTS…) n'est enregistré sur ce territoire dans Santé Locale."])
    population = art.communes["population"].to_numpy(dtype=float)
    bare_pop = float(np.nansum(population[art.uncovered]))
    figures = [
        Figure("dispositifs_count", "Dispositifs de coordination", int(len(art.dispositifs)), "dispositifs", SOURCE,
               vintage),
        Figure("communes_without_cls_asv", "Communes sans CLS ni ASV", int(art.uncovered.sum()), "communes", SOURCE,
               vintage),
        Figure("population_without_cls_asv", "Population sans CLS ni ASV", bare_pop, "hab.", SOURCE, vintage),
        Figure("qpv_without_cls_asv", "QPV sans CLS ni ASV", int(len(art.qpv_gaps)), "QPV", SOURCE, vintage),
    ]
    if art.apl_known:
        figures.append(Figure("communes_low_apl_without_cpts", "Communes sous 2,5 d'APL hors CPTS",
                              int(art.apl_gaps.sum()), "communes", SOURCE, vintage))
    names = dict(zip(art.dispositifs["key"], art.dispositifs["name"], strict=True))
    rows = []
    for j, d in enumerate(art.means.to_dict("records")):
        rows.append({"name": d["name"], "kind": d["kind_label"], "communes": int(art.coverage[:, j].sum()),
                     "population": _num(d["population"]), "fte": _num(d["fte"]),
                     "fte_per_10k": _num(d["fte_per_10k"]), "funding_per_10k": _num(d["funding_per_10k"])})
    tables = [Table("dispositifs", "Dispositifs couvrant le territoire", [
        Column("name", "Dispositif"), Column("kind", "Type"), Column("communes", "Communes du territoire", "communes"),
        Column("population", "Population du périmètre", "hab."), Column("fte", "ETP de coordination", "ETP", 2),
        Column("fte_per_10k", "ETP pour 10 000 hab.", "ETP", 2),
        Column("funding_per_10k", "Financements pour 10 000 hab.", "€")], rows, source=SOURCE)]
    if not art.overlaps.empty:
        tables.append(Table("chevauchements", "Chevauchements", [
            Column("a", "Dispositif"), Column("b", "Autre dispositif"),
            Column("shared_communes", "Communes en commun", "communes"),
            Column("shared_population", "Population en commun", "hab.")],
            [{"a": names[o["a"]], "b": names[o["b"]], "shared_communes": int(o["shared_communes"]),
              "shared_population": float(o["shared_population"])} for o in art.overlaps.to_dict("records")],
            source=SOURCE))
    notes = ["Seuls les dispositifs marqués publics figurent dans le portrait ; la page « Articulation » montre aussi "
             "ceux que votre compte peut voir."]
    return Section("dispositifs", "Dispositifs de coordination", figures, tables=tables, notes=notes)


def _num(value):
    if value is None:
        return None
    value = float(value)
    return None if not np.isfinite(value) else value
