"""The public directory of services that bring people to care (a data·inclusion v1 superset).

- :class:`DirectoryProfile` adds the data·inclusion fields of a structure to the registry's
  :class:`~sante_locale.structures.models.Structure` (one-to-one): a directory structure
  *is* the registry structure, never a second identity.
- :class:`Service` holds every field of a data·inclusion v1 service (names in English,
  the schema's name in each ``help_text``), plus ours: our own health themes, what to bring,
  an Acceslibre link, an update frequency, publication.
- :class:`MobileStop` (a stop of a mobile unit: place, days and hours as an OSM
  expression) and :class:`TemporaryClosure` (closure or exceptional hours).

Every model keeps a history; contact fields are excluded from it (as for people).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from sante_locale.core import clock
from sante_locale.core.hours import Closure, InvalidHours, Schedule, check, holiday_subdivision
from sante_locale.directory import vocabulary as voc
from sante_locale.structures.models import Structure
from sante_locale.territories.models import Commune

OUR_SOURCE = "sante-locale"
CONTACT_FIELDS = ["phone", "email", "contact_name"]


def _history(name: str, plural: str, **kwargs) -> HistoricalRecords:
    return HistoricalRecords(verbose_name=f"historique {name}", verbose_name_plural=f"historiques {plural}",
                             **kwargs)


def _check_hours(value: str) -> None:
    if value:
        try:
            check(value)
        except InvalidHours as exc:
            raise ValidationError(str(exc)) from exc


def _check_in(values, vocabulary: dict, what: str) -> None:
    unknown = voc.unknown_values(values or [], vocabulary)
    if unknown:
        raise ValidationError(f"{what} inconnu(s) : {', '.join(map(str, unknown))}.")


def check_networks(values) -> None:
    _check_in(values, voc.NETWORKS, "Réseau porteur")


def check_audiences(values) -> None:
    _check_in(values, voc.AUDIENCES, "Public")


def check_reception_modes(values) -> None:
    _check_in(values, voc.RECEPTION_MODES, "Mode d'accueil")


def check_mobilisation_modes(values) -> None:
    _check_in(values, voc.MOBILISATION_MODES, "Mode de mobilisation")


def check_mobilised_by(values) -> None:
    _check_in(values, voc.MOBILISED_BY, "Valeur de « mobilisable par »")


class DirectoryProfile(models.Model):
    """The data·inclusion fields of a structure of the registry."""

    structure = models.OneToOneField(Structure, on_delete=models.CASCADE, primary_key=True,
                                     related_name="directory", verbose_name="structure")
    source = models.CharField("source (producteur)", max_length=100, default=OUR_SOURCE,
                              help_text="data·inclusion : source")
    external_id = models.CharField("identifiant data·inclusion", max_length=200, blank=True,
                                   help_text="data·inclusion : id")
    source_url = models.URLField("lien chez le producteur", blank=True, help_text="data·inclusion : lien_source")
    complement_address = models.CharField("complément d'adresse", max_length=300, blank=True)
    commune_name = models.CharField("nom de la commune (tel que publié)", max_length=200, blank=True)
    insee_code = models.CharField("code INSEE de la commune (tel que publié)", max_length=5, blank=True)
    opening_hours = models.CharField("horaires d'accueil (format OpenStreetMap)", max_length=500, blank=True,
                                     validators=[_check_hours])
    accessibility_url = models.URLField("lien Acceslibre", blank=True, help_text="data·inclusion : accessibilite_lieu")
    networks = models.JSONField("réseaux porteurs", default=list, blank=True,
                                validators=[check_networks])
    updated_on = models.DateField("date de mise à jour", default=clock.today)
    history = _history("du profil d'annuaire", "des profils d'annuaire")

    class Meta:
        verbose_name = "profil d'annuaire d'une structure"
        verbose_name_plural = "profils d'annuaire des structures"
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], condition=~models.Q(external_id=""),
                                               name="unique_directory_structure_id")]

    def __str__(self) -> str:
        return str(self.structure)

    def role_scope(self) -> list:
        return [self.structure]

    @property
    def di_id(self) -> str:
        return self.external_id or f"{OUR_SOURCE}--structure-{self.structure_id}"

    def save(self, *args, **kwargs):
        if not self.external_id:
            self.external_id = f"{OUR_SOURCE}--structure-{self.structure_id}"
        super().save(*args, **kwargs)


class ServiceQuerySet(models.QuerySet):
    def published(self) -> ServiceQuerySet:
        return self.filter(is_published=True)

    def visible_to(self, user) -> ServiceQuerySet:
        """Services ``user`` may see: the published ones, and those they may edit (same
        rule as ``directory.view_service``)."""
        from sante_locale.directory.permissions import editable_services

        if user is None or not getattr(user, "is_authenticated", False):
            return self.published()
        return self.filter(models.Q(is_published=True) | models.Q(pk__in=editable_services(user).values("pk")))


class Service(models.Model):
    """A service offered to inhabitants: every field of data·inclusion v1, and ours."""

    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="services",
                                  verbose_name="structure")
    source = models.CharField("source (producteur)", max_length=100, default=OUR_SOURCE,
                              help_text="data·inclusion : source")
    external_id = models.CharField("identifiant data·inclusion", max_length=200, blank=True,
                                   help_text="data·inclusion : id")
    name = models.CharField("nom", max_length=150, help_text="De 3 à 150 caractères (data·inclusion : nom).")
    description = models.TextField("description", help_text="Phrases courtes, langage simple ; 200 à 2 000 caractères.")
    source_url = models.URLField("lien chez le producteur", blank=True, help_text="data·inclusion : lien_source")
    updated_on = models.DateField("date de mise à jour", default=clock.today, help_text="data·inclusion : date_maj")
    kind = models.CharField("type de service", max_length=30, blank=True, choices=list(voc.SERVICE_KINDS.items()))
    themes = models.JSONField("thématiques", default=list, blank=True)
    fees = models.CharField("frais", max_length=10, blank=True, choices=list(voc.FEES.items()))
    fees_details = models.TextField("précisions sur les frais", blank=True)
    audiences = models.JSONField("publics", default=list, blank=True,
                                 validators=[check_audiences])
    audiences_details = models.TextField("précisions sur les publics", blank=True)
    access_conditions = models.TextField("conditions d'accès", blank=True)
    address = models.CharField("adresse", max_length=300, blank=True)
    complement_address = models.CharField("complément d'adresse", max_length=300, blank=True)
    postcode = models.CharField("code postal", max_length=5, blank=True)
    commune_name = models.CharField("nom de la commune", max_length=200, blank=True)
    insee_code = models.CharField("code INSEE de la commune", max_length=5, blank=True, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="services",
                                verbose_name="commune du référentiel")
    lon = models.FloatField("longitude", null=True, blank=True)
    lat = models.FloatField("latitude", null=True, blank=True)
    # where the service is placed for search and maps: its own point, else its commune's (not exported)
    search_lon = models.FloatField("longitude pour la recherche", null=True, blank=True, editable=False)
    search_lat = models.FloatField("latitude pour la recherche", null=True, blank=True, editable=False)
    phone = models.CharField("téléphone", max_length=40, blank=True)
    email = models.EmailField("courriel", blank=True)
    contact_name = models.CharField("nom et prénom du contact", max_length=200, blank=True)
    reception_modes = models.JSONField("modes d'accueil", default=list, blank=True,
                                       validators=[check_reception_modes])
    eligibility_zone = models.JSONField("zone d'éligibilité (codes)", default=list, blank=True)
    mobilisation_url = models.URLField("lien de mobilisation", blank=True)
    mobilisation_modes = models.JSONField("modes de mobilisation", default=list, blank=True,
                                          validators=[check_mobilisation_modes])
    mobilisable_by = models.JSONField("mobilisable par", default=list, blank=True,
                                      validators=[check_mobilised_by])
    mobilisation_details = models.TextField("précisions sur la mobilisation", blank=True)
    weekly_hours = models.FloatField("volume horaire hebdomadaire", null=True, blank=True)
    weeks = models.PositiveIntegerField("nombre de semaines", null=True, blank=True)
    opening_hours = models.CharField("horaires d'accueil (format OpenStreetMap)", max_length=500, blank=True,
                                     validators=[_check_hours],
                                     help_text="Exemple : Mo-Fr 09:00-12:00,14:00-17:00; PH off")
    # ours (superset)
    accessibility_url = models.URLField("lien Acceslibre", blank=True)
    what_to_bring = models.TextField("à apporter", blank=True,
                                     help_text="Papiers ou objets à apporter (carte Vitale, justificatif…).")
    update_every_days = models.PositiveIntegerField("fréquence de mise à jour (jours)", default=180)
    is_published = models.BooleanField("publié", default=True)
    is_demo = models.BooleanField("données fictives", default=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    history = _history("du service", "des services", excluded_fields=CONTACT_FIELDS)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = "service"
        verbose_name_plural = "services"
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], condition=~models.Q(external_id=""),
                                               name="unique_directory_service_id")]
        indexes = [models.Index(fields=["is_published", "search_lat", "search_lon"])]

    def __str__(self) -> str:
        return self.name

    def role_scope(self) -> list:
        return [self.structure]

    def get_absolute_url(self) -> str:
        return reverse("directory_service", args=[self.pk])

    @property
    def di_id(self) -> str:
        return self.external_id or f"{OUR_SOURCE}--{self.pk}"

    def save(self, *args, **kwargs):
        if self.commune_id is None and self.insee_code:
            self.commune = Commune.objects.filter(insee_code=self.insee_code).first()
        if self.lon is not None and self.lat is not None:
            self.search_lon, self.search_lat = self.lon, self.lat
        elif self.commune is not None:
            self.search_lon, self.search_lat = self.commune.lon, self.commune.lat
        else:
            self.search_lon = self.search_lat = None
        super().save(*args, **kwargs)
        if not self.external_id:  # our own services get their data·inclusion id once they have a key
            self.external_id = f"{OUR_SOURCE}--{self.pk}"
            Service.objects.filter(pk=self.pk).update(external_id=self.external_id)

    @property
    def is_free(self) -> bool:
        return self.fees == "gratuit"

    @property
    def has_contact(self) -> bool:
        return bool(self.phone or self.email or self.mobilisation_url)

    @property
    def is_mobile(self) -> bool:
        return "sante-locale--unite-mobile" in (self.themes or [])

    def clean(self) -> None:
        problems = {}
        unknown = [t for t in self.themes or [] if t not in voc.SCHEMA_THEMES and t not in voc.OWN_THEMES]
        if unknown:
            problems["themes"] = f"Thématique(s) inconnue(s) : {', '.join(unknown)}."
        if not self.has_contact:
            problems["phone"] = ("Donnez au moins un moyen de contact (téléphone, courriel ou lien de mobilisation) : "
                                 "sans lui, personne ne peut joindre le service.")
        if self.postcode and not self.postcode.isdigit():
            problems["postcode"] = "Le code postal s'écrit avec 5 chiffres (ex. 62300)."
        if problems:
            raise ValidationError(problems)

    def closure_list(self) -> list[Closure]:
        return [Closure(c.starts_on, c.ends_on, c.reason, c.opening_hours) for c in self.closures.all()]

    @property
    def holiday_subdivision(self) -> str | None:
        code = self.insee_code or ""
        return holiday_subdivision(code[:3] if code.startswith("97") else code[:2])

    def schedule(self) -> Schedule:
        """Opening hours with closures and the public holidays of the service's département."""
        return Schedule(self.opening_hours, self.closure_list(), self.holiday_subdivision)

    @property
    def is_stale(self) -> bool:
        return (clock.today() - self.updated_on).days > self.update_every_days


class MobileStop(models.Model):
    """A stop of a mobile unit: a place, and its days and hours (OSM expression)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="stops", verbose_name="service")
    place = models.CharField("lieu", max_length=200)
    address = models.CharField("adresse", max_length=300, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name="commune")
    lon = models.FloatField("longitude", null=True, blank=True)
    lat = models.FloatField("latitude", null=True, blank=True)
    opening_hours = models.CharField("jours et heures (format OpenStreetMap)", max_length=300,
                                     validators=[_check_hours], help_text="Exemple : We 09:00-12:00")
    history = _history("de l'arrêt", "des arrêts")

    class Meta:
        verbose_name = "arrêt d'unité mobile"
        verbose_name_plural = "arrêts d'unités mobiles"
        ordering = ["service", "place"]

    def __str__(self) -> str:
        return f"{self.place} ({self.opening_hours})"

    def role_scope(self) -> list:
        return [self.service.structure]

    def schedule(self, closures=None) -> Schedule:
        """The stop's days and hours, with its service's closures (given, or read)."""
        if closures is None:
            closures = self.service.closure_list()
        return Schedule(self.opening_hours, closures, self.service.holiday_subdivision)


class TemporaryClosure(models.Model):
    """A closure (no hours) or exceptional hours of a service over a range of days."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="closures", verbose_name="service")
    starts_on = models.DateField("du")
    ends_on = models.DateField("au")
    reason = models.CharField("motif", max_length=200, blank=True)
    opening_hours = models.CharField("horaires exceptionnels (vide : fermé)", max_length=300, blank=True,
                                     validators=[_check_hours])
    history = _history("de la fermeture", "des fermetures")

    class Meta:
        verbose_name = "fermeture temporaire"
        verbose_name_plural = "fermetures temporaires"
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"{self.service} : {self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y}"

    def role_scope(self) -> list:
        return [self.service.structure]

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "La fin de la fermeture est avant son début : corrigez l'une des dates."})
