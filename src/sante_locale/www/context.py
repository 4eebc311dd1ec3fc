from django.conf import settings


def site(request):
    return {"tile_url": settings.TILE_URL, "tile_attribution": settings.TILE_ATTRIBUTION}
