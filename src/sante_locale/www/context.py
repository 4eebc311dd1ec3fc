from django.conf import settings

#: Longest address carried in « Se connecter »'s ``next`` (a longer one gives its path only).
MAX_NEXT = 300


def site(request):
    user = getattr(request, "user", None)
    full = request.get_full_path()
    return {"tile_url": settings.TILE_URL, "tile_attribution": settings.TILE_ATTRIBUTION,
            "login_next": full if len(full) <= MAX_NEXT else request.path,
            # administrators (staff or superuser) alone see instructions such as « importez … »
            "is_admin": bool(user is not None and user.is_active and (user.is_staff or user.is_superuser))}
