"""Refusals of the permission layer as French pages (403), never a traceback."""

from django.shortcuts import render

from sante_locale.accounts.access import Forbidden


class ForbiddenMiddleware:
    """Turn :class:`~sante_locale.accounts.access.Forbidden` into the French 403 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Forbidden):
            return render(request, "www/errors/403.html", {"message": str(exception)}, status=403)
        return None
