"""Pages of the health supply (imports by an administrator, professionals)."""

urlpatterns: list = []
