"""Quality score of a service: the data·inclusion criteria, computed by the schema package's
own ``score_qualite`` on the service's data·inclusion record (address, contact, description,
audiences, themes, fees, mobilisation, recent update…)."""

from __future__ import annotations

from data_inclusion.schema import v1
from data_inclusion.schema.v1 import score_qualite

CRITERIA_FR = {
    "adresse_bien_definie": "adresse renseignée (accueil sur place)",
    "modes_mobilisation_bien_definis": "façons de mobiliser le service et par qui",
    "au_moins_un_public": "au moins un public",
    "au_moins_une_thematique": "au moins une thématique",
    "au_moins_un_moyen_de_contact": "au moins un moyen de contact",
    "courriel_bien_defini": "courriel (si on mobilise par courriel)",
    "date_maj_recente": "mise à jour récente (moins de 6 mois)",
    "frais_bien_definis": "frais précisés",
    "description_bien_definie": "description de 200 à 2 000 caractères",
    "telephone_bien_defini": "téléphone (si on mobilise par téléphone)",
}


def quality(service) -> tuple[float, list[tuple[str, float]]]:
    """(score 0–1, [(French criterion, score)] for the criteria that apply)."""
    from sante_locale.directory.exchange import service_record

    record = v1.Service.model_validate(service_record(service))
    total, details = score_qualite.score(record)
    return total, [(CRITERIA_FR.get(k, k), v) for k, v in details.items() if v is not None]
