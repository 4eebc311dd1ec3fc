"""HTTP hardening that Django and the libraries leave to the project.

``EmbedMiddleware``
    Pages are never framed (``X-Frame-Options: DENY``, CSP ``frame-ancestors 'none'``),
    except under ``settings.EMBED_URL_PREFIX`` (``/annuaire/integration/``), the path
    reserved for the public directory's embeddable views: there ``frame-ancestors`` lists
    ``settings.EMBED_ALLOWED_ORIGINS`` (``SANTE_LOCALE_EMBED_ORIGINS``; ``'none'`` when it is
    empty) and ``X-Frame-Options``, which cannot name several origins, is left out (browsers
    that know ``frame-ancestors`` follow it). It only marks the response with the hooks of
    django-csp (``_csp_replace``, as its ``csp_replace`` decorator does) and of Django's
    clickjacking middleware (``xframe_options_exempt``), so both libraries still write the
    headers. Place it after both in ``MIDDLEWARE``.

``SessionExpiryMiddleware``
    A signed-in session ends after ``settings.SESSION_IDLE_SECONDS`` without a request
    (idle) and ``settings.SESSION_COOKIE_AGE`` after the login (absolute). Django has only
    the second; the small libraries that add the first either offer one limit only
    (django-session-timeout) or write the session at every request (django-auto-logout):
    here the last-seen stamp is written at most once a minute, so reading pages does not
    write to the database at each request. Times come from ``core.clock``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

from sante_locale.core import clock

LOGIN_AT = "sante_locale_login_at"
SEEN_AT = "sante_locale_seen_at"
SEEN_RESOLUTION = 60  # seconds: the last-seen stamp is written at most this often


class EmbedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(settings.EMBED_URL_PREFIX):
            origins = list(settings.EMBED_ALLOWED_ORIGINS) or ["'none'"]
            replace = dict(getattr(response, "_csp_replace", None) or {})
            replace["frame-ancestors"] = origins
            response._csp_replace = replace
            response.xframe_options_exempt = True
        return response


class SessionExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    @staticmethod
    def _check(request) -> None:
        session = request.session
        now = int(clock.now().timestamp())
        login_at = session.setdefault(LOGIN_AT, now)
        seen_at = session.get(SEEN_AT, now)
        idle = now - seen_at > settings.SESSION_IDLE_SECONDS
        if idle or now - login_at > settings.SESSION_COOKIE_AGE:
            logout(request)  # flushes the session: a new, anonymous one
            why = "sans activité" if idle else "ouverte depuis trop longtemps"
            messages.info(request, f"Votre session a expiré ({why}) : reconnectez-vous pour continuer.")
            return
        if now - session.get(SEEN_AT, 0) >= SEEN_RESOLUTION:
            session[SEEN_AT] = now
