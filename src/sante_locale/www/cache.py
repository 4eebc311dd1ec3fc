"""Production: the public pages are served from a short-lived cache to anonymous visitors.

Django's own cache middleware (``UpdateCacheMiddleware`` first, ``FetchFromCacheMiddleware``
last in ``MIDDLEWARE``) with one restriction: a request that carries a session cookie (a
signed-in coordinator, or a visitor with a message waiting) is never answered from the cache
nor stored in it, so what a user changes is seen at once by that user. Anonymous visitors
may see a page up to ``SANTE_LOCALE_PAGE_CACHE_SECONDS`` old after an import. Only GET/HEAD
answers 200 without a cookie set are stored (Django's rule); the security headers are part of
the stored answer.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware


def _anonymous(request) -> bool:
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


class AnonymousUpdateCacheMiddleware(UpdateCacheMiddleware):
    def _should_update_cache(self, request, response):
        return _anonymous(request) and super()._should_update_cache(request, response)


class AnonymousFetchFromCacheMiddleware(FetchFromCacheMiddleware):
    def process_request(self, request):
        if not _anonymous(request):
            request._cache_update_cache = False
            return None
        return super().process_request(request)
