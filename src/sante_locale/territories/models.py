"""The territorial reference (communes, EPCI, départements, régions) and custom territories.

Geometries are stored once, as WKB in WGS84 (no spatial extension needed, so the same
schema runs on SQLite and PostgreSQL); pages serve them simplified to the zoom.
"""

from __future__ import annotations

import shapely
from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class ReferenceVintage(models.Model):
    """One import of the territorial reference: its source and vintage."""

    source = models.CharField("source", max_length=200)
    vintage = models.CharField("millésime", max_length=40)
    scope = models.CharField("périmètre", max_length=400, blank=True)
    imported_at = models.DateTimeField("importé le", auto_now=True)
    counts = models.JSONField("effectifs", default=dict)

    class Meta:
        verbose_name = "millésime du référentiel"
        verbose_name_plural = "millésimes du référentiel"

    def __str__(self) -> str:
        return f"{self.source} ({self.vintage})"


class Unit(models.Model):
    """Fields shared by every official unit."""

    name = models.CharField("nom", max_length=200)
    search_name = models.CharField("nom normalisé", max_length=200, db_index=True)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    area_km2 = models.FloatField("superficie (km²)", null=True, blank=True)
    geometry = models.BinaryField("contour (WKB, WGS84)", null=True, blank=True)
    lon = models.FloatField("longitude du point représentatif", null=True, blank=True)
    lat = models.FloatField("latitude du point représentatif", null=True, blank=True)
    vintage = models.CharField("millésime", max_length=40)

    class Meta:
        abstract = True

    def shape(self):
        """The stored outline as a shapely geometry (``None`` when unknown)."""
        return shapely.from_wkb(bytes(self.geometry)) if self.geometry else None

    @property
    def density(self) -> float | None:
        if self.population is None or not self.area_km2:
            return None
        return self.population / self.area_km2


class Region(Unit):
    region_code = models.CharField("code région", max_length=3, unique=True)
    population_complete = models.BooleanField("population connue pour toutes les communes", default=True)

    class Meta:
        verbose_name = "région"
        verbose_name_plural = "régions"
        ordering = ["region_code"]

    kind_label = "Région"
    level = "region"

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        return self.region_code

    def get_absolute_url(self) -> str:
        return reverse("territory", args=["region", self.region_code])


class Departement(Unit):
    departement_code = models.CharField("code département", max_length=3, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements", verbose_name="région")
    population_complete = models.BooleanField("population connue pour toutes les communes", default=True)

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["departement_code"]

    kind_label = "Département"
    level = "departement"

    def __str__(self) -> str:
        return f"{self.name} ({self.departement_code})"

    @property
    def code(self) -> str:
        return self.departement_code

    def get_absolute_url(self) -> str:
        return reverse("territory", args=["departement", self.departement_code])


class EPCI(Unit):
    KIND_LABELS = {
        "CC": "Communauté de communes",
        "CA": "Communauté d'agglomération",
        "CU": "Communauté urbaine",
        "ME": "Métropole",
        "MET69": "Métropole de Lyon",
        "EPT": "Établissement public territorial",
    }
    epci_siren = models.CharField("SIREN de l'EPCI", max_length=9, unique=True)
    kind = models.CharField("nature juridique", max_length=10)
    population_complete = models.BooleanField("population connue pour toutes les communes", default=True)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["name"]

    level = "epci"

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        return self.epci_siren

    @property
    def kind_label(self) -> str:
        return self.KIND_LABELS.get(self.kind, f"EPCI ({self.kind})")

    def get_absolute_url(self) -> str:
        return reverse("territory", args=["epci", self.epci_siren])


class Commune(Unit):
    KIND_LABELS = {
        "COM": "Commune",
        "ARM": "Arrondissement municipal",
        "COMD": "Commune déléguée",
        "COMA": "Commune associée",
    }
    insee_code = models.CharField("code INSEE", max_length=5, unique=True)
    kind = models.CharField("type", max_length=4, db_index=True)
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, null=True, blank=True, related_name="communes",
        verbose_name="département",
    )
    epci = models.ForeignKey(
        EPCI, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes", verbose_name="EPCI"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children",
        verbose_name="commune de rattachement",
    )
    neighbours = models.ManyToManyField("self", symmetrical=True, blank=True, verbose_name="communes voisines")

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["insee_code"]
        indexes = [models.Index(fields=["kind", "search_name"])]

    level = "commune"

    def __str__(self) -> str:
        return f"{self.name} ({self.insee_code})"

    @property
    def code(self) -> str:
        return self.insee_code

    @property
    def kind_label(self) -> str:
        return self.KIND_LABELS.get(self.kind, self.kind)

    def get_absolute_url(self) -> str:
        return reverse("territory", args=["commune", self.insee_code])


class FormerCommune(models.Model):
    """A commune déléguée (COMD) or associée (COMA): not listed, but resolvable to the
    current commune that replaces it."""

    insee_code = models.CharField("code INSEE", max_length=5, db_index=True)
    kind = models.CharField("type", max_length=4)
    name = models.CharField("nom", max_length=200)
    search_name = models.CharField("nom normalisé", max_length=200, db_index=True)
    current = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="former_communes", verbose_name="commune actuelle"
    )
    vintage = models.CharField("millésime", max_length=40)

    class Meta:
        verbose_name = "ancienne commune"
        verbose_name_plural = "anciennes communes"
        constraints = [models.UniqueConstraint(fields=["insee_code", "kind"], name="unique_former_commune")]

    KIND_LABELS = {"COMD": "commune déléguée", "COMA": "commune associée"}

    def __str__(self) -> str:
        return f"{self.name} ({self.insee_code}, {self.KIND_LABELS.get(self.kind, self.kind)})"


class Postcode(models.Model):
    code = models.CharField("code postal", max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postcodes", verbose_name="commune")

    class Meta:
        verbose_name = "code postal"
        verbose_name_plural = "codes postaux"
        constraints = [models.UniqueConstraint(fields=["code", "commune"], name="unique_postcode_commune")]

    def __str__(self) -> str:
        return f"{self.code} {self.commune.name}"


class PopulationByAge(models.Model):
    """INSEE population of a commune by age band (``bands``: ``{"pop_0014": 6600, …}``)."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="population_by_age",
                                verbose_name="commune")
    vintage = models.CharField("millésime", max_length=40)
    population = models.FloatField("population")
    bands = models.JSONField("tranches d'âge", default=dict)

    class Meta:
        verbose_name = "population par âge"
        verbose_name_plural = "populations par âge"
        db_table = "offer_populationbyage"  # the table of its first home, kept for existing databases
        constraints = [models.UniqueConstraint(fields=["commune", "vintage"], name="offer_population_unique")]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.vintage}"


class QPV(models.Model):
    """A quartier prioritaire de la politique de la ville (2024)."""

    qpv_code = models.CharField("code QPV", max_length=10, unique=True)
    name = models.CharField("nom", max_length=300)
    communes = models.ManyToManyField(Commune, related_name="qpvs", blank=True, verbose_name="communes",
                                      db_table="offer_qpv_communes")
    geometry = models.BinaryField("contour (WKB, WGS84)", null=True, blank=True)
    vintage = models.CharField("millésime", max_length=40, blank=True)

    class Meta:
        verbose_name = "QPV"
        verbose_name_plural = "QPV"
        db_table = "offer_qpv"  # the table of its first home, kept for existing databases

    def __str__(self) -> str:
        return f"{self.name} ({self.qpv_code})"


class TerritoryQuerySet(models.QuerySet):
    def visible_to(self, user) -> TerritoryQuerySet:
        """Territories ``user`` may see (the same rule as ``territories.view_territory``)."""
        if user is not None and user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser):
            return self
        if user is None or not user.is_authenticated:
            return self.filter(visibility="public")
        from sante_locale.accounts.models import Role

        with_role = Role.objects.filter(user_id=user.pk).object_ids(Territory, ("editor", "reader"))
        return self.filter(models.Q(visibility__in=("shared", "public")) | models.Q(owner_id=user.pk)
                           | models.Q(pk__in=with_role))


class Territory(models.Model):
    """A user-defined territory: a named set of communes (a CLS, a CPTS perimeter…), shared
    as the perimeter of dispositifs. Private by default, shared on purpose."""

    VISIBILITIES = [
        ("private", "privé (vous, les personnes à qui vous le partagez et les administrateurs)"),
        ("shared", "partagé avec les utilisateurs connectés"),
        ("public", "public (visible sans connexion)"),
    ]

    name = models.CharField("nom", max_length=150)
    slug = models.SlugField("identifiant", max_length=160, unique=True)
    description = models.TextField("description", blank=True)
    communes = models.ManyToManyField(Commune, related_name="territories", verbose_name="communes")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="territories", verbose_name="créé par"
    )
    visibility = models.CharField("visibilité", max_length=10, choices=VISIBILITIES, default="private")
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    history = HistoricalRecords(m2m_fields=[communes], verbose_name="historique du territoire personnalisé",
                                verbose_name_plural="historiques des territoires personnalisés")

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = "territoire personnalisé"
        verbose_name_plural = "territoires personnalisés"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="unique_territory_name_per_owner")]

    kind_label = "Territoire personnalisé"
    level = "territoire"

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        return self.slug

    @property
    def is_public(self) -> bool:
        return self.visibility == "public"

    @property
    def visibility_label(self) -> str:
        return dict(self.VISIBILITIES)[self.visibility]

    def get_absolute_url(self) -> str:
        return reverse("territory", args=["territoire", self.slug])
