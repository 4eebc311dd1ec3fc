"""Pages of the « Coordonner » pillar: dispositifs, structures, articulation, governance.

HTTP only: views read the request, ask the permission layer, hand forms' cleaned data to
the coordination and structures apps, and render; the apps compute.
"""
