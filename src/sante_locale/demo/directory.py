"""Directory part of the demo: services of the Lens-Liévin area, labelled « données fictives ».

The communes are real; the services, their hours, phones and addresses are made up (only
the CH de Lens is a real structure, shared with the coordination demo through
:data:`~sante_locale.demo.names.CH_LENS`). Idempotent: a second run changes nothing.
"""

from __future__ import annotations

import shapely
from django.contrib.auth import get_user_model
from django.db import transaction

from sante_locale.accounts.models import grant
from sante_locale.demo import names
from sante_locale.directory.models import DirectoryProfile, MobileStop, Service
from sante_locale.structures.models import Structure
from sante_locale.territories.models import QPV, Commune

FICTIVE = f"({names.FICTIVE_LABEL})"
LENS, LIEVIN, AVION, HENIN = "62498", "62510", "62065", "62427"

STRUCTURES = {
    "ch": (names.CH_LENS, "hospital", LENS, "99 route de La Bassée", "62300"),
    "cds": (f"Centre de santé du Grand Liévin {FICTIVE}", "health_centre", LIEVIN, "12 rue de la Santé", "62800"),
    "mediation": (f"Association Lien Santé Gohelle {FICTIVE}", "association", AVION, "3 place de la Mairie", "62210"),
    "cmp": (f"Centre médico-psychologique de Lens {FICTIVE}", "hospital", LENS, "20 rue du Parc", "62300"),
    "droits": (f"Point accès aux droits santé d'Hénin-Beaumont {FICTIVE}", "ccas", HENIN, "5 rue de la République",
               "62110"),
}

SERVICES = [
    ("pass", "ch", "Permanence d'accès aux soins de santé (PASS) du centre hospitalier de Lens",
     "Vous n'avez pas de couverture santé, ou pas de médecin ? La PASS vous reçoit. Une infirmière et une "
     "assistante sociale vous écoutent. Un médecin vous soigne. Elles vous aident aussi à ouvrir vos droits "
     "à l'assurance maladie. Les soins sont gratuits.",
     ["sante-locale--pass", "sante-locale--soins-gratuits", "sante--acces-aux-soins"],
     "Mo-Fr 09:00-16:30; PH off", "+33321000001", LENS, "99 route de La Bassée", "62300",
     "Une pièce d'identité si vous en avez une. Vos papiers de santé (ordonnances, résultats).", ["tous-publics"]),
    ("cds", "cds", "Consultations de médecine générale au centre de santé",
     "Des médecins généralistes vous soignent, avec ou sans rendez-vous le matin. Le centre pratique le tiers "
     "payant : vous n'avancez pas les frais. Des infirmières font aussi des vaccins et des prises de sang.",
     ["sante-locale--centre-de-sante", "sante-locale--vaccination"],
     "Mo-Fr 08:30-12:30,13:30-19:00; Sa 09:00-12:00; PH off", "+33321000002", LIEVIN, "12 rue de la Santé",
     "62800", "Votre carte Vitale et votre carte de mutuelle. La liste de vos médicaments.", ["tous-publics"]),
    ("mediation", "mediation", "Médiation en santé dans les quartiers",
     "Une médiatrice en santé vous accompagne. Elle vous aide à trouver un médecin, à prendre un rendez-vous, "
     "à comprendre un courrier de l'assurance maladie. Elle peut venir avec vous au premier rendez-vous.",
     ["sante-locale--mediation-en-sante", "sante--acces-aux-soins"],
     "Mo,Tu,Th 09:00-12:00,13:30-17:00; PH off", "+33321000003", AVION, "3 place de la Mairie", "62210",
     "Les courriers que vous ne comprenez pas.", ["residents-qpv-frr", "familles"]),
    ("bus", "mediation", "Bus santé : unité mobile dans les quartiers",
     "Le bus santé vient près de chez vous. Une infirmière fait des dépistages (diabète, tension) et donne des "
     "conseils. Sans rendez-vous, gratuit. Regardez les jours et les lieux des arrêts.",
     ["sante-locale--unite-mobile", "sante-locale--depistage", "sante-locale--soins-gratuits"],
     "", "+33321000004", LENS, "", "62300", "Votre carte Vitale si vous l'avez.", ["tous-publics"]),
    ("cmp", "cmp", "Centre médico-psychologique (CMP) adultes",
     "Vous vous sentez mal, anxieux ou très triste ? Le CMP vous écoute et vous soigne. Psychiatre, "
     "psychologue et infirmiers vous reçoivent sur rendez-vous. Les consultations sont gratuites.",
     ["sante-locale--sante-mentale-cmp", "sante--sante-mentale"],
     "Mo-Fr 09:00-17:00; PH off", "+33321000005", LENS, "20 rue du Parc", "62300",
     "Votre carte Vitale. Le courrier de votre médecin si vous en avez un.", ["tous-publics"]),
    ("droits", "droits", "Permanence accès aux droits santé (C2S, AME)",
     "Une conseillère vous aide à demander la complémentaire santé solidaire (C2S) ou l'aide médicale de l'État "
     "(AME). Elle remplit le dossier avec vous. Venez sans rendez-vous pendant la permanence.",
     ["sante-locale--acces-aux-droits-sante"],
     "Tu 09:00-12:00; Th 14:00-17:00; PH off", "+33321000006", HENIN, "5 rue de la République", "62110",
     "Pièce d'identité, justificatif de domicile, vos revenus des 12 derniers mois.", ["tous-publics"]),
]

BUS_STOPS = [("We 09:00-12:00", LENS), ("Th 14:00-17:00", LENS), ("Fr 09:00-12:00", LIEVIN),
             ("Tu 14:00-17:00", AVION)]


def _point(commune: Commune, shift: float) -> tuple[float, float]:
    return round(commune.lon + shift, 5), round(commune.lat + shift / 2, 5)


def prepare_directory() -> list[str]:
    communes = {c.insee_code: c for c in Commune.objects.filter(insee_code__in=[LENS, LIEVIN, AVION, HENIN])}
    if len(communes) < 4:
        return ["Annuaire de démonstration non créé : le Pas-de-Calais n'est pas dans le référentiel chargé."]
    if Service.objects.filter(external_id="sante-locale--demo-pass").exists():
        return ["Annuaire de démonstration déjà présent : rien à faire."]
    with transaction.atomic():
        structures = {}
        for n, (key, (name, kind, insee, address, postcode)) in enumerate(STRUCTURES.items()):
            commune = communes[insee]
            lon, lat = _point(commune, 0.002 * (n + 1))
            structure, _ = Structure.objects.get_or_create(name=name, defaults={"kind": kind})
            for attr, value in (("address", address), ("postcode", postcode), ("commune", commune),
                                ("lon", lon), ("lat", lat)):
                if not getattr(structure, attr):
                    setattr(structure, attr, value)
            structure.save()
            DirectoryProfile.objects.get_or_create(structure=structure)
            structures[key] = structure
        for n, (key, skey, name, text, themes, hours, phone, insee, address, postcode, bring, publics) in \
                enumerate(SERVICES):
            commune = communes[insee]
            lon, lat = _point(commune, 0.003 * (n + 1)) if address else (None, None)
            service = Service.objects.create(
                structure=structures[skey], external_id=f"sante-locale--demo-{key}", name=name,
                description=f"{text} Données fictives : service de démonstration.", themes=themes,
                opening_hours=hours, phone=phone, insee_code=insee, commune=commune, commune_name=commune.name,
                address=address, postcode=postcode, lon=lon, lat=lat, what_to_bring=bring, audiences=publics,
                fees="gratuit", kind="accompagnement" if key in ("mediation", "droits") else "",
                reception_modes=["en-presentiel"], mobilisation_modes=["se-presenter", "telephoner"],
                mobilisable_by=["usagers", "professionnels"], is_demo=True, update_every_days=180,
                eligibility_zone=[names.EPCI_LENS_LIEVIN] if key != "droits" else [names.EPCI_HENIN_CARVIN],
            )
            if key == "bus":
                _bus_stops(service, communes)
        user = get_user_model().objects.filter(username="demo").first()
        if user is not None:
            for key in ("cds", "mediation", "droits"):
                grant(user, "editor", structures[key])
    return [f"Annuaire de démonstration créé : {len(SERVICES)} services fictifs autour de Lens-Liévin "
            f"({names.FICTIVE_LABEL})."]


def _bus_stops(service: Service, communes: dict) -> None:
    for hours, insee in BUS_STOPS:
        commune = communes[insee]
        qpv = QPV.objects.filter(communes=commune).order_by("qpv_code")
        taken = set(service.stops.values_list("place", flat=True))
        target = next((q for q in qpv if f"Quartier {q.name} ({commune.name})" not in taken), None)
        if target is not None and target.geometry:
            point = shapely.from_wkb(bytes(target.geometry)).representative_point()
            lon, lat, place = round(point.x, 5), round(point.y, 5), f"Quartier {target.name}"
        else:
            lon, lat = _point(commune, -0.004 * (len(taken) + 1))
            place = f"Quartier prioritaire de {commune.name}" if target is None else f"Quartier {target.name}"
        MobileStop.objects.create(service=service, place=f"{place} ({commune.name})", commune=commune,
                                  address=f"Parking du centre social, {commune.name}", lon=lon, lat=lat,
                                  opening_hours=hours)
