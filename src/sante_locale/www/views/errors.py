"""Error pages in French: a user never sees a traceback."""

from django.shortcuts import render


def forbidden(request, exception=None):
    message = str(exception) if exception is not None and str(exception) else ""
    return render(request, "www/errors/403.html", {"message": message}, status=403)


def not_found(request, exception=None):
    from sante_locale.www.views.units import NotFound

    message = str(exception) if isinstance(exception, NotFound) else ""
    return render(request, "www/errors/404.html", {"message": message}, status=404)


def server_error(request):
    return render(request, "www/errors/500.html", status=500)


def csrf_failure(request, reason=""):
    """A POST without a valid CSRF token: refused, recorded, explained in French."""
    from sante_locale.accounts.models import record_refusal

    message = ("Le formulaire a expiré ou ne vient pas de Santé Locale (jeton de sécurité CSRF absent ou "
               "invalide) : rechargez la page puis envoyez-le à nouveau.")
    record_refusal(request.user, f"{request.method} {request.path}", message, path=request.path)
    return render(request, "www/errors/403.html", {"message": message}, status=403)
