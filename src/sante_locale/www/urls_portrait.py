"""Portrait de territoire: the page and its files."""

from django.urls import path

from sante_locale.www.views import portrait

urlpatterns = [
    path("territoires/<str:level>/<str:code>/portrait/", portrait.page, name="portrait"),
    path("territoires/<str:level>/<str:code>/portrait.<str:fmt>", portrait.download, name="portrait_file"),
]
