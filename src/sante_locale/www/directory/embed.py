"""Headers of the embeddable pages (``/annuaire/integration/…``): these views only may be
framed, by the origins of ``SANTE_LOCALE_EMBED_ORIGINS`` (``*`` by default: the pages are
public, read-only and hold no form that changes anything, so being framed exposes nothing;
list your towns' sites to be stricter). Every other page keeps ``X-Frame-Options: DENY``."""

from __future__ import annotations

from functools import wraps

from django.conf import settings


def frame_ancestors() -> str:
    origins = [o for o in settings.EMBED_ORIGINS if o]
    return " ".join(origins) if origins else "'none'"


def embeddable(view):
    """Exempt the view from ``X-Frame-Options`` and allow the configured frame ancestors."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.xframe_options_exempt = True
        policy = f"frame-ancestors {frame_ancestors()}"
        existing = response.get("Content-Security-Policy")
        response["Content-Security-Policy"] = f"{existing}; {policy}" if existing else policy
        return response

    return wrapped
