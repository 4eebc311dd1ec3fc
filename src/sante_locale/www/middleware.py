"""Middlewares of the web layer: refusals of the permission layer as French pages (403),
never a traceback; and the French typography of every HTML page, by rule
(``core.formats.prose_html``): typographic apostrophes and narrow no-break spaces in the
text a person reads, whatever template or message it comes from. Tags, scripts, styles and
code are left alone."""

from __future__ import annotations

from django.shortcuts import render

from sante_locale.accounts.access import Forbidden
from sante_locale.core.formats import prose_html


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


class FrenchTypographyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (getattr(response, "streaming", False) or not response.get("Content-Type", "").startswith("text/html")
                or response.get("Content-Encoding")):
            return response
        charset = response.charset or "utf-8"
        response.content = prose_html(response.content.decode(charset)).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
