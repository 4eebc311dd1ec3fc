"""Pages of the health supply (imports by an administrator, professionals)."""

from django.urls import path

from sante_locale.www.views import offer

urlpatterns = [
    path("professionnels/<str:rpps_id>/", offer.professional, name="offer_professional"),
    path("administration/imports/", offer.imports, name="offer_imports"),
    path("administration/imports/rapports/<str:name>", offer.import_report, name="offer_import_report"),
]
