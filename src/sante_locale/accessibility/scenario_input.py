"""What-if choices as demand units and FTE: structured values from the form, or the
``62498:3`` entries typed on the command line, checked by one function."""

from __future__ import annotations

from sante_locale.territories.models import Commune

#: Ages a scenario's departures may take (« the professionals older than … leave »).
RETIRE_AGES = (50, 90)


def retire_age(value: int | None) -> int | None:
    """``value`` checked against :data:`RETIRE_AGES` (French ``ValueError`` outside).

    >>> retire_age(65), retire_age(None)
    (65, None)
    """
    low, high = RETIRE_AGES
    if value is not None and not low <= value <= high:
        raise ValueError(f"Âge de départ {value} hors des bornes : donnez un âge entre {low} et {high} ans "
                         "(les professionnels plus âgés partent).")
    return value


def new_centre(code: str, fte: float, territory_ids: list[int], entry: str | None = None) -> tuple[int, float]:
    """A new centre of ``fte`` professionals at commune ``code`` → ``(commune_pk, fte)``.

    The form and the CLI both call this with structured values; French errors name the
    entry as the user typed it (``entry``, else ``CODE:FTE``). The commune must be in the
    territory (a city split in arrondissements: give one of them).
    """
    entry = entry or f"{code}:{fte:g}"
    if not 0 < fte <= 100:
        raise ValueError(f"Nouveau centre « {entry} » : le nombre d'ETP doit être entre 0 et 100.")
    commune = Commune.objects.filter(insee_code=code.strip()).first()
    if commune is None:
        raise ValueError(f"Nouveau centre « {entry} » : commune « {code} » inconnue du référentiel.")
    if commune.pk not in territory_ids:
        raise ValueError(f"Nouveau centre « {entry} » : {commune.name} n'est pas dans le territoire choisi"
                         " (pour Paris, Lyon et Marseille, donnez un arrondissement).")
    return commune.pk, float(fte)


def parse_new_centres(entries: list[str], territory_ids: list[int]) -> list[tuple[int, float]]:
    """``["62498:3"]`` (as typed on the command line) → ``[(commune_pk, 3.0)]``."""
    centres = []
    for entry in entries:
        code, _, fte = entry.partition(":")
        try:
            value = float(fte.replace(",", "."))
        except ValueError:
            raise ValueError(f"Nouveau centre « {entry} » : écrivez COMMUNE:ETP, par exemple 62498:3.") from None
        centres.append(new_centre(code, value, territory_ids, entry))
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


#: Stored (English) key of a scenario description -> the French key of the CLI's JSON output.
DESCRIPTION_FRENCH_KEYS = {
    "territory": "territoire", "new_centres": "nouveaux_centres", "new_points": "nouveaux_centres_points",
    "retire_age": "retraite_age", "departures": "departs", "closures": "fermetures", "author": "auteur",
}


def scenario_description(territory: str, new_centres=(), new_points=(), retire_age=None, departures=(),
                         closures=(), author: str = "") -> dict:
    """What a scenario changes, as stored with its run: English keys, structured values.

    Examples
    --------
    >>> scenario_description("epci:246200364", new_centres=[("62498", 3.0)], retire_age=65)["new_centres"]
    [{'insee_code': '62498', 'fte': 3.0}]
    """
    return {
        "territory": territory,
        "new_centres": [{"insee_code": code, "fte": float(fte)} for code, fte in new_centres],
        "new_points": [{"lon": float(lon), "lat": float(lat), "fte": float(fte)} for lon, lat, fte in new_points],
        "retire_age": retire_age, "departures": list(departures), "closures": list(closures), "author": author,
    }


def french_description(description: dict) -> dict:
    """The description with French keys, for the CLI's JSON output (the edge)."""
    return {DESCRIPTION_FRENCH_KEYS.get(k, k): v for k, v in description.items()}
