"""The read API (JSON), documented by OpenAPI, on django-ninja.

One :class:`ninja.NinjaAPI`; each domain adds its router in its own module of this package
(``perimeters``, and next: dispositifs, structures, governance, programme, directory).
Authentication: an API token (``Authorization: Bearer sl_…``), else the browser session,
else an anonymous visitor; every endpoint asks the same permission layer as the pages
(:mod:`sante_locale.accounts.access`). Errors are JSON ``{"detail": "…"}`` in French.
"""

from sante_locale.www.api import governance
from sante_locale.www.api.base import api
from sante_locale.www.api.directory import router as directory
from sante_locale.www.api.dispositifs import router as dispositifs
from sante_locale.www.api.perimeters import router as perimeters
from sante_locale.www.api.programme import router as programmes
from sante_locale.www.api.structures import router as structures

api.add_router("/perimetres/", perimeters)
api.add_router("/dispositifs/", dispositifs)  # coordination: dispositifs, structures, governance
api.add_router("/structures/", structures)
api.add_router("/instances/", governance.bodies)
api.add_router("/reunions/", governance.meetings)
api.add_router("/decisions/", governance.decisions)
api.add_router("/annuaire/", directory)
api.add_router("/programmes/", programmes)

__all__ = ["api"]
