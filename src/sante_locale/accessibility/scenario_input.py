"""Read the what-if choices a user typed (``62498:3``) into demand units and FTE."""

from __future__ import annotations

from sante_locale.territories.models import Commune


def parse_new_centres(entries: list[str], territory_ids: list[int]) -> list[tuple[int, float]]:
    """``["62498:3"]`` → ``[(commune_pk, 3.0)]``; French errors name the bad entry.

    The commune must be in the territory (a city split in arrondissements: give one of them).
    """
    centres = []
    for entry in entries:
        code, _, fte = entry.partition(":")
        try:
            value = float(fte.replace(",", "."))
        except ValueError:
            raise ValueError(f"Nouveau centre « {entry} » : écrivez COMMUNE:ETP, par exemple 62498:3.") from None
        if not 0 < value <= 100:
            raise ValueError(f"Nouveau centre « {entry} » : le nombre d'ETP doit être entre 0 et 100.")
        commune = Commune.objects.filter(insee_code=code.strip()).first()
        if commune is None:
            raise ValueError(f"Nouveau centre « {entry} » : commune « {code} » inconnue du référentiel.")
        if commune.pk not in territory_ids:
            raise ValueError(f"Nouveau centre « {entry} » : {commune.name} n'est pas dans le territoire choisi"
                             " (pour Paris, Lyon et Marseille, donnez un arrondissement).")
        centres.append((commune.pk, value))
    return centres


def parse_points(entries: list[str]) -> list[tuple[float, float, float]]:
    """``["2.83,50.43:3"]`` → ``[(2.83, 50.43, 3.0)]`` (longitude, latitude in WGS84 degrees, FTE)."""
    points = []
    for entry in entries:
        place, _, fte = entry.partition(":")
        try:
            lon, lat = (float(v) for v in place.split(","))
            value = float(fte)
        except ValueError:
            raise ValueError(f"Nouveau centre « {entry} » : écrivez LONGITUDE,LATITUDE:ETP avec des points "
                             "décimaux, par exemple 2.83,50.43:3.") from None
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(f"Nouveau centre « {entry} » : coordonnées hors des bornes (longitude, latitude).")
        if not 0 < value <= 100:
            raise ValueError(f"Nouveau centre « {entry} » : le nombre d'ETP doit être entre 0 et 100.")
        points.append((lon, lat, value))
    return points
