"""Error pages in French: a user never sees a traceback.

While the database cannot be reached (server stopped, network cut, connections refused),
every page answers 503 « Service momentanément indisponible » with ``Retry-After``, rendered
without touching the database; the next request after it is back is served as usual
(``CONN_HEALTH_CHECKS`` replaces the broken connections). Django turns an exception raised
anywhere in a request (a view, a middleware, a template) into a call of ``handler500``,
which is therefore the one place that can tell a database outage from a bug.
"""

from __future__ import annotations

import sys

from django.contrib.auth.forms import AuthenticationForm
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 30


def forbidden(request, exception=None):
    message = str(exception) if exception is not None and str(exception) else ""
    return render(request, "www/errors/403.html", {"message": message}, status=403)


def not_found(request, exception=None):
    from sante_locale.www.views.units import NotFound

    message = str(exception) if isinstance(exception, NotFound) else ""
    return render(request, "www/errors/404.html", {"message": message}, status=404)


def database_unavailable() -> HttpResponse:
    """The French 503 page, rendered without a request (no session, no user: no database)."""
    response = HttpResponse(render_to_string("www/errors/503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def is_database_outage(exc: BaseException | None) -> bool:
    """True for an error of the database connection (not of a query) anywhere in the chain."""
    while exc is not None:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request):
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable()
    return render(request, "www/errors/500.html", status=500)


def csrf_failure(request, reason=""):
    """A POST without a valid CSRF token: refused, recorded, explained in French."""
    from sante_locale.accounts.models import record_refusal

    message = ("Le formulaire a expiré ou ne vient pas de Santé Locale (jeton de sécurité CSRF absent ou "
               "invalide) : rechargez la page puis envoyez-le à nouveau.")
    record_refusal(request.user, f"{request.method} {request.path}", message, path=request.path)
    return render(request, "www/errors/403.html", {"message": message}, status=403)
def locked_out(request, response=None, credentials=None):
    """The login page again, with the French lockout message (django-axes' lockout hook)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = AuthenticationForm(request)
    return render(request, "www/login.html", {"form": form, "locked": True, "lockout_minutes": minutes,
                                               "next": request.POST.get("next", "")}, status=429)
