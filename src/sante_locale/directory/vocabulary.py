"""The directory's vocabularies: data·inclusion v1's own (read from the pinned
``data-inclusion-schema`` package, never copied) and our namespaced health themes, each
mapped to the schema's nearest theme for export.
"""

from __future__ import annotations

from data_inclusion.schema import v1

#: our own themes: key (namespaced, never a schema value) -> (French label, nearest schema theme)
OWN_NAMESPACE = "sante-locale--"
OWN_THEMES: dict[str, tuple[str, str]] = {
    "sante-locale--mediation-en-sante": ("médiation en santé", "sante--acces-aux-soins"),
    "sante-locale--pass": ("permanence d'accès aux soins de santé (PASS)", "sante--acces-aux-soins"),
    "sante-locale--centre-de-sante": ("centre de santé", "sante--acces-aux-soins"),
    "sante-locale--unite-mobile": ("unité mobile de santé", "sante--acces-aux-soins"),
    "sante-locale--depistage": ("dépistage", "sante--acces-aux-soins"),
    "sante-locale--vaccination": ("vaccination", "sante--acces-aux-soins"),
    "sante-locale--sante-mentale-cmp": ("santé mentale, centre médico-psychologique (CMP)",
                                        "sante--sante-mentale"),
    "sante-locale--acces-aux-droits-sante": (
        "accès aux droits santé (complémentaire santé solidaire C2S, aide médicale de l'État AME)",
        "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"),
    "sante-locale--pmi": ("protection maternelle et infantile (PMI)", "sante--acces-aux-soins"),
    "sante-locale--sante-sexuelle": ("santé sexuelle", "sante--sante-sexuelle"),
    "sante-locale--soins-gratuits": ("soins gratuits", "sante--acces-aux-soins"),
}

SCHEMA_THEMES = {t.value: t.label for t in v1.Thematique}
AUDIENCES = {p.value: p.label for p in v1.Public}
FEES = {f.value: f.label for f in v1.Frais}
RECEPTION_MODES = {m.value: m.label for m in v1.ModeAccueil}
MOBILISATION_MODES = {m.value: m.label for m in v1.ModeMobilisation}
MOBILISED_BY = {m.value: m.label for m in v1.PersonneMobilisatrice}
SERVICE_KINDS = {t.value: t.label for t in v1.TypeService}
NETWORKS = {r.value: r.label for r in v1.ReseauPorteur}

#: themes offered in the search form: ours first, then the schema's health themes
SEARCH_THEMES = {**{k: label for k, (label, _) in OWN_THEMES.items()},
                 **{k: label for k, label in SCHEMA_THEMES.items() if k.startswith("sante--")}}


def theme_label(key: str) -> str:
    """French label of a theme key (ours or the schema's)."""
    if key in OWN_THEMES:
        return OWN_THEMES[key][0]
    return SCHEMA_THEMES.get(key, key)


def schema_themes(keys) -> list[str]:
    """The schema's themes for export: schema keys kept, ours mapped to their nearest.

    Examples
    --------
    >>> schema_themes(["sante-locale--pass", "sante--sante-mentale", "sante-locale--centre-de-sante"])
    ['sante--acces-aux-soins', 'sante--sante-mentale']
    """
    out = []
    for key in keys:
        mapped = OWN_THEMES[key][1] if key in OWN_THEMES else key
        if mapped in SCHEMA_THEMES and mapped not in out:
            out.append(mapped)
    return out


def unknown_values(values, vocabulary: dict) -> list[str]:
    return [v for v in values if v not in vocabulary]
