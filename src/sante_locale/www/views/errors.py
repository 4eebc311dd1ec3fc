"""Error pages in French: a user never sees a traceback."""

from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "www/errors/404.html", status=404)


def server_error(request):
    return render(request, "www/errors/500.html", status=500)
