"""Accessibility pages (APL map, nearest provider, scenarios)."""

urlpatterns: list = []
