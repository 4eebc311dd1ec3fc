"""Import and export of the directory in data·inclusion v1 (JSON and CSV).

Reading and validating the file is :mod:`sante_locale.core.sources.data_inclusion`'s job;
this module checks what only the database knows (structure of a service, commune of a
postcode), our own rules (a service has a contact, hours are readable), and writes
everything in one transaction: an invalid record refuses the whole import unless the
caller asks to skip invalid records (``ignore_invalid``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from data_inclusion.schema import v1
from django.db import transaction

from sante_locale.core.hours import InvalidHours, check
from sante_locale.core.sources.data_inclusion import Bundle, InvalidRecord, to_record
from sante_locale.directory import vocabulary as voc
from sante_locale.directory.models import DirectoryProfile, MobileStop, Service, TemporaryClosure
from sante_locale.structures.models import Structure
from sante_locale.territories.models import Commune, Postcode


class ImportRefused(Exception):
    """Invalid records and no ``--ignorer-invalides``: nothing was imported."""

    def __init__(self, invalid: list[InvalidRecord]):
        self.invalid = invalid
        super().__init__(f"{len(invalid)} enregistrement(s) invalide(s) : rien n'a été importé.")


@dataclass
class ImportReport:
    file: str
    check_only: bool
    structures_created: int = 0
    structures_updated: int = 0
    services_created: int = 0
    services_updated: int = 0
    invalid: list[InvalidRecord] = field(default_factory=list)

    def lines(self) -> list[str]:
        verb = "à créer" if self.check_only else "créé(e)s"
        upd = "à mettre à jour" if self.check_only else "mis(es) à jour"
        out = [f"Fichier {self.file} :",
               f"structures : {self.structures_created} {verb}, {self.structures_updated} {upd}",
               f"services : {self.services_created} {verb}, {self.services_updated} {upd}"]
        if self.invalid:
            out.append(f"enregistrements invalides écartés (--ignorer-invalides) : {len(self.invalid)}")
            out += [f"  {r}" for r in self.invalid]
        if self.check_only:
            out.append("vérification seulement (--verifier) : rien n'a été écrit dans la base.")
        return out


def _commune(insee_code: str | None) -> Commune | None:
    return Commune.objects.filter(insee_code=insee_code).first() if insee_code else None


def _service_problems(service: v1.Service, extras: dict, known_structures: set[str]) -> list[str]:
    problems = []
    if service.structure_id not in known_structures:
        problems.append(f"champ « structure_id » : structure « {service.structure_id} » absente du fichier "
                        "et de la base (importez d'abord sa structure)")
    if not (service.telephone or service.courriel or service.lien_mobilisation):
        problems.append("aucun moyen de contact (telephone, courriel ou lien_mobilisation) : "
                        "ajoutez-en au moins un")
    for key, hours in (("horaires_accueil", service.horaires_accueil),):
        if hours:
            try:
                check(hours)
            except InvalidHours as exc:
                problems.append(f"champ « {key} » : {exc}")
    if service.code_postal and not Postcode.objects.filter(code=service.code_postal).exists():
        problems.append(f"champ « code_postal » : aucune commune n'a le code postal {service.code_postal}")
    unknown = [t for t in extras.get("sante_locale_thematiques") or [] if t not in voc.OWN_THEMES]
    if unknown:
        problems.append(f"champ « sante_locale_thematiques » : thématique(s) inconnue(s) {', '.join(unknown)}")
    for stop in extras.get("sante_locale_arrets") or []:
        try:
            check(str(stop.get("horaires", "")))
        except (InvalidHours, AttributeError) as exc:
            problems.append(f"champ « sante_locale_arrets » : {exc}")
    return problems


def import_bundle(bundle: Bundle, *, ignore_invalid: bool = False, check_only: bool = False) -> ImportReport:
    """Write the bundle's structures and services (all or nothing).

    Raises :class:`ImportRefused` when a record is invalid and ``ignore_invalid`` is false.
    """
    invalid = list(bundle.invalid)
    n_is_line = bundle.file.lower().endswith(".csv")
    known = set(DirectoryProfile.objects.values_list("external_id", flat=True))
    known |= {s.id for s, _, _ in bundle.structures}
    services = []
    for service, extras, n in bundle.services:
        problems = _service_problems(service, extras, known)
        if problems:
            invalid.append(InvalidRecord(bundle.file, "service", n, service.id, problems, is_line=n_is_line))
        else:
            services.append((service, extras))
    structures = []
    for structure, extras, n in bundle.structures:
        problems = []
        if structure.horaires_accueil:
            try:
                check(structure.horaires_accueil)
            except InvalidHours as exc:
                problems.append(f"champ « horaires_accueil » : {exc}")
        if structure.telephone and len(structure.telephone) > 30:
            problems.append("champ « telephone » : un seul numéro est attendu (30 caractères au plus)")
        if problems:
            invalid.append(InvalidRecord(bundle.file, "structure", n, structure.id, problems, is_line=n_is_line))
        else:
            structures.append((structure, extras))
    if invalid and not ignore_invalid:
        raise ImportRefused(invalid)
    report = ImportReport(bundle.file, check_only, invalid=invalid)
    with transaction.atomic():
        for structure, _extras in structures:
            created = _save_structure(structure)
            report.structures_created += created
            report.structures_updated += not created
        for service, extras in services:
            created = _save_service(service, extras)
            report.services_created += created
            report.services_updated += not created
        if check_only:
            transaction.set_rollback(True)
    return report


def _save_structure(record: v1.Structure) -> bool:
    profile = DirectoryProfile.objects.filter(external_id=record.id).select_related("structure").first()
    created = profile is None
    if profile is not None:
        structure = profile.structure
    else:
        structure = (Structure.objects.filter(siret=record.siret).first() if record.siret else None) or Structure()
        profile = DirectoryProfile(external_id=record.id)
    structure.name = record.nom
    structure.description = record.description or ""
    structure.siret = record.siret or ""
    structure.address = record.adresse or ""
    structure.postcode = record.code_postal or ""
    structure.commune = _commune(record.code_insee)
    structure.lon, structure.lat = record.longitude, record.latitude
    structure.phone = record.telephone or ""
    structure.email = record.courriel or ""
    structure.website = str(record.site_web) if record.site_web else ""
    structure.save()
    profile.structure = structure
    profile.source = record.source
    profile.source_url = str(record.lien_source) if record.lien_source else ""
    profile.complement_address = record.complement_adresse or ""
    profile.commune_name = record.commune or ""
    profile.insee_code = record.code_insee or ""
    profile.opening_hours = record.horaires_accueil or ""
    profile.accessibility_url = str(record.accessibilite_lieu) if record.accessibilite_lieu else ""
    profile.networks = sorted(r.value for r in record.reseaux_porteurs or [])
    profile.updated_on = record.date_maj
    profile.save()
    return created


def _values(items) -> list[str]:
    return sorted(i.value for i in items or [])


def _save_service(record: v1.Service, extras: dict) -> bool:
    service = Service.objects.filter(external_id=record.id).first()
    created = service is None
    service = service or Service(external_id=record.id)
    service.structure = DirectoryProfile.objects.get(external_id=record.structure_id).structure
    service.source = record.source
    service.name = record.nom
    service.description = record.description
    service.source_url = str(record.lien_source) if record.lien_source else ""
    service.updated_on = record.date_maj
    service.kind = record.type.value if record.type else ""
    own = [t for t in extras.get("sante_locale_thematiques") or [] if t in voc.OWN_THEMES]
    service.themes = own + _values(record.thematiques)
    service.fees = record.frais.value if record.frais else ""
    service.fees_details = record.frais_precisions or ""
    service.audiences = _values(record.publics)
    service.audiences_details = record.publics_precisions or ""
    service.access_conditions = record.conditions_acces or ""
    service.address = record.adresse or ""
    service.complement_address = record.complement_adresse or ""
    service.postcode = record.code_postal or ""
    service.commune_name = record.commune or ""
    service.insee_code = record.code_insee or ""
    service.commune = _commune(record.code_insee)
    service.lon, service.lat = record.longitude, record.latitude
    service.phone = record.telephone or ""
    service.email = record.courriel or ""
    service.contact_name = record.contact_nom_prenom or ""
    service.reception_modes = _values(record.modes_accueil)
    service.eligibility_zone = list(record.zone_eligibilite or [])
    service.mobilisation_url = str(record.lien_mobilisation) if record.lien_mobilisation else ""
    service.mobilisation_modes = _values(record.modes_mobilisation)
    service.mobilisable_by = _values(record.mobilisable_par)
    service.mobilisation_details = record.mobilisation_precisions or ""
    service.weekly_hours = record.volume_horaire_hebdomadaire
    service.weeks = record.nombre_semaines
    service.opening_hours = record.horaires_accueil or ""
    service.accessibility_url = extras.get("sante_locale_acceslibre") or ""
    service.what_to_bring = extras.get("sante_locale_a_apporter") or ""
    service.save()
    if "sante_locale_arrets" in extras:
        service.stops.all().delete()
        for stop in extras["sante_locale_arrets"] or []:
            MobileStop.objects.create(service=service, place=stop.get("lieu", ""), address=stop.get("adresse", ""),
                                      commune=_commune(stop.get("code_insee")), lon=stop.get("longitude"),
                                      lat=stop.get("latitude"), opening_hours=stop.get("horaires", ""))
    if "sante_locale_fermetures" in extras:
        service.closures.all().delete()
        for closure in extras["sante_locale_fermetures"] or []:
            TemporaryClosure.objects.create(service=service, starts_on=dt.date.fromisoformat(closure["du"]),
                                            ends_on=dt.date.fromisoformat(closure["au"]),
                                            reason=closure.get("motif", ""), opening_hours=closure.get("horaires", ""))
    return created


# --- export ----------------------------------------------------------------------------


def structure_record(structure: Structure) -> dict:
    """A structure as a data·inclusion v1 record (validated by the schema's model)."""
    profile = getattr(structure, "directory", None)
    if profile is None:
        profile = DirectoryProfile(structure=structure)
    record = v1.Structure.model_validate({
        "source": profile.source, "id": profile.di_id, "nom": structure.name[:150],
        "date_maj": profile.updated_on, "description": structure.description or None,
        "lien_source": profile.source_url or None, "siret": structure.siret or None,
        "commune": profile.commune_name or (structure.commune.name if structure.commune else None),
        "code_postal": structure.postcode or None,
        "code_insee": profile.insee_code or (structure.commune.insee_code if structure.commune else None),
        "adresse": structure.address or None, "complement_adresse": profile.complement_address or None,
        "longitude": structure.lon, "latitude": structure.lat, "telephone": structure.phone or None,
        "courriel": structure.email or None, "site_web": structure.website or None,
        "horaires_accueil": profile.opening_hours or None, "accessibilite_lieu": profile.accessibility_url or None,
        "reseaux_porteurs": profile.networks or None,
    })
    return to_record(record)


def service_record(service: Service) -> dict:
    """A service as a data·inclusion v1 record (our themes mapped to the schema's nearest;
    our own fields in ``sante_locale_`` keys)."""
    profile = getattr(service.structure, "directory", None)
    structure_id = profile.di_id if profile else f"sante-locale--structure-{service.structure_id}"
    themes = voc.schema_themes(service.themes or [])
    record = v1.Service.model_validate({
        "source": service.source, "structure_id": structure_id, "id": service.di_id, "nom": service.name,
        "description": service.description, "lien_source": service.source_url or None,
        "date_maj": service.updated_on, "type": service.kind or None, "thematiques": themes or None,
        "frais": service.fees or None, "frais_precisions": service.fees_details or None,
        "publics": service.audiences or None, "publics_precisions": service.audiences_details or None,
        "conditions_acces": service.access_conditions or None,
        "commune": service.commune_name or (service.commune.name if service.commune else None),
        "code_postal": service.postcode or None,
        "code_insee": service.insee_code or (service.commune.insee_code if service.commune else None),
        "adresse": service.address or None, "complement_adresse": service.complement_address or None,
        "longitude": service.lon, "latitude": service.lat, "telephone": service.phone or None,
        "courriel": service.email or None, "contact_nom_prenom": service.contact_name or None,
        "modes_accueil": service.reception_modes or None, "zone_eligibilite": service.eligibility_zone or None,
        "lien_mobilisation": service.mobilisation_url or None,
        "modes_mobilisation": service.mobilisation_modes or None,
        "mobilisable_par": service.mobilisable_by or None,
        "mobilisation_precisions": service.mobilisation_details or None,
        "volume_horaire_hebdomadaire": service.weekly_hours, "nombre_semaines": service.weeks,
        "horaires_accueil": service.opening_hours or None,
    })
    extras = {}
    own = [t for t in service.themes or [] if t in voc.OWN_THEMES]
    if own:
        extras["sante_locale_thematiques"] = own
    if service.accessibility_url:
        extras["sante_locale_acceslibre"] = service.accessibility_url
    if service.what_to_bring:
        extras["sante_locale_a_apporter"] = service.what_to_bring
    stops = list(service.stops.all())
    if stops:
        extras["sante_locale_arrets"] = [
            {"lieu": s.place, "adresse": s.address, "code_insee": s.commune.insee_code if s.commune else None,
             "longitude": s.lon, "latitude": s.lat, "horaires": s.opening_hours} for s in stops]
    closures = list(service.closures.all())
    if closures:
        extras["sante_locale_fermetures"] = [
            {"du": c.starts_on.isoformat(), "au": c.ends_on.isoformat(), "motif": c.reason,
             "horaires": c.opening_hours} for c in closures]
    return to_record(record, extras)


def export_records(services) -> tuple[list[dict], list[dict]]:
    """(structures, services) records of the given services and of their structures."""
    services = list(services.select_related("structure", "structure__directory", "structure__commune", "commune")
                    .prefetch_related("stops__commune", "closures").order_by("pk"))
    structures = {s.structure_id: s.structure for s in services}
    return ([structure_record(s) for _, s in sorted(structures.items())], [service_record(s) for s in services])
