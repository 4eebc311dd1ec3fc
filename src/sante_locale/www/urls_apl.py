"""Accessibility pages (APL map, nearest provider, scenarios)."""

from django.urls import path

from sante_locale.www.views import apl

urlpatterns = [
    path("territoires/<str:level>/<str:code>/apl/", apl.territory_apl, name="apl"),
    path("territoires/<str:level>/<str:code>/apl/plus-proche/", apl.nearest, name="apl_nearest"),
    path("territoires/<str:level>/<str:code>/apl/scenario/", apl.scenario, name="apl_scenario"),
]
