from django.conf import settings


def site(request):
    user = getattr(request, "user", None)
    return {"tile_url": settings.TILE_URL, "tile_attribution": settings.TILE_ATTRIBUTION,
            # administrators (staff or superuser) alone see instructions such as « importez … »
            "is_admin": bool(user is not None and user.is_active and (user.is_staff or user.is_superuser))}
