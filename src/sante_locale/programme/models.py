"""The action programme of a dispositif (axes, objectifs, fiches actions), its indicators,
inequalities lens, self-assessment grid and annual review."""
