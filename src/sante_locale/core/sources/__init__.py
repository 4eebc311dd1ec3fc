"""Readers of official files (pure Python: no Django, no database writes).

Modules: :mod:`.rpps` (Annuaire Santé), :mod:`.age` (years of birth), :mod:`.finess`
and :mod:`.finess_categories` (FINESS), :mod:`.insee` (population by age),
:mod:`.drees_apl` (DREES APL workbooks), :mod:`.zonage` (zoning), :mod:`.qpv` (QPV 2024).
Fatal problems raise :class:`.errors.SourceError`; rows left out are
:class:`.errors.SetAside` entries (policy in :mod:`.errors`).
"""
