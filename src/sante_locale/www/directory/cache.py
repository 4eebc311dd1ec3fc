"""Anonymous public directory pages kept for the rest of their minute, per revision.

A page of the directory depends on its address, the minute (opening statuses are computed
to the minute) and the directory's data (:func:`sante_locale.directory.revision.current`):
serving the kept copy within the same minute and revision gives the very same bytes, while
20 people searching at once no longer recompute the same page. Logged-in users (who may see
unpublished services) always get a fresh page. A small LRU in the process memory; nothing is
written anywhere."""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import wraps

from django.http import HttpResponse

from sante_locale.core import clock
from sante_locale.directory import revision

MAX_PAGES = 1000
_pages: OrderedDict = OrderedDict()
_lock = threading.Lock()
_KEPT_HEADERS = ("Content-Security-Policy", "Content-Disposition")


def per_minute(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = (request.get_full_path(), clock.now().strftime("%Y%m%d%H%M"), revision.current())
        with _lock:
            kept = _pages.get(key)
            if kept is not None:
                _pages.move_to_end(key)
        if kept is not None:
            content, status, headers, exempt = kept
            response = HttpResponse(content, status=status, content_type=headers["Content-Type"])
            for name, value in headers.items():
                response[name] = value
            if exempt:
                response.xframe_options_exempt = True
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not getattr(response, "streaming", False):
            headers = {"Content-Type": response["Content-Type"],
                       **{h: response[h] for h in _KEPT_HEADERS if h in response}}
            with _lock:
                _pages[key] = (response.content, response.status_code, headers,
                               getattr(response, "xframe_options_exempt", False))
                while len(_pages) > MAX_PAGES:
                    _pages.popitem(last=False)
        return response

    return wrapped


def clear() -> None:
    with _lock:
        _pages.clear()
