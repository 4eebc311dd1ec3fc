from django.shortcuts import render

from sante_locale.territories.citation import reference_citation
from sante_locale.territories.models import ReferenceVintage


def home(request):
    return render(request, "www/home.html", {"vintage": ReferenceVintage.objects.first(),
                                             "citation": reference_citation()})


def accessibility(request):
    return render(request, "www/accessibility.html")
