"""Health supply and population: what the official files say, as imported.

Every row carries its vintage (millésime); rows generated for the demonstration carry
``fictive=True`` and are shown as such everywhere. Official DREES APL values
(:class:`PublishedAPL`) are stored apart from anything the product computes.
"""

from __future__ import annotations

from django.db import models

from sante_locale.territories.models import Commune


class Professional(models.Model):
    """A health professional (Identifiant PP of the Annuaire Santé)."""

    AGE_STATUSES = [("known", "connu"), ("estimated", "estimé"), ("missing", "inconnu")]

    rpps_id = models.CharField("identifiant RPPS", max_length=20, unique=True)
    profession = models.CharField("profession", max_length=40, db_index=True)
    savoir_faire_code = models.CharField("code savoir-faire", max_length=10, blank=True)
    last_name = models.CharField("nom d'exercice", max_length=200, blank=True)
    first_name = models.CharField("prénom d'exercice", max_length=200, blank=True)
    birth_year = models.PositiveSmallIntegerField("année de naissance", null=True, blank=True)
    age_status = models.CharField("statut de l'âge", max_length=10, choices=AGE_STATUSES, default="missing")
    fictive = models.BooleanField("fictif", default=False)
    vintage = models.CharField("millésime", max_length=40)

    class Meta:
        verbose_name = "professionnel de santé"
        verbose_name_plural = "professionnels de santé"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.rpps_id})".strip()


class PracticeSite(models.Model):
    """A place where professionals practise (lieu d'exercice)."""

    site_key = models.CharField("clé du lieu", max_length=300, unique=True)
    name = models.CharField("nom", max_length=300, blank=True)
    address = models.CharField("adresse", max_length=400, blank=True)
    postcode = models.CharField("code postal", max_length=5, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="practice_sites", verbose_name="commune")
    lon = models.FloatField("longitude", null=True, blank=True)
    lat = models.FloatField("latitude", null=True, blank=True)
    kind = models.CharField("nature", max_length=40, blank=True)
    fictive = models.BooleanField("fictif", default=False)
    vintage = models.CharField("millésime", max_length=40)

    class Meta:
        verbose_name = "lieu d'exercice"
        verbose_name_plural = "lieux d'exercice"

    def __str__(self) -> str:
        return self.name or self.site_key


class Activity(models.Model):
    """One activity line: a professional practising at a site, in a mode."""

    professional = models.ForeignKey(Professional, on_delete=models.CASCADE, related_name="activities",
                                     verbose_name="professionnel")
    site = models.ForeignKey(PracticeSite, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="activities", verbose_name="lieu d'exercice")
    profession = models.CharField("profession", max_length=40, db_index=True)
    mode = models.CharField("mode d'exercice", max_length=2, blank=True)
    sector_code = models.CharField("code secteur d'activité", max_length=10, blank=True)
    acts_per_year = models.FloatField("actes par an", null=True, blank=True)
    fictive = models.BooleanField("fictif", default=False)

    class Meta:
        verbose_name = "activité"
        verbose_name_plural = "activités"

    def __str__(self) -> str:
        return f"{self.professional_id} @ {self.site_id} ({self.mode})"


class Establishment(models.Model):
    """A FINESS establishment."""

    finess_code = models.CharField("numéro FINESS", max_length=9, unique=True)
    name = models.CharField("raison sociale", max_length=300)
    category_code = models.CharField("code catégorie", max_length=4, db_index=True)
    category_label = models.CharField("libellé catégorie", max_length=200, blank=True)
    kind = models.CharField("nature", max_length=40, blank=True)
    address = models.CharField("adresse", max_length=400, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="establishments", verbose_name="commune")
    lon = models.FloatField("longitude", null=True, blank=True)
    lat = models.FloatField("latitude", null=True, blank=True)
    vintage = models.CharField("millésime", max_length=40)

    class Meta:
        verbose_name = "établissement"
        verbose_name_plural = "établissements"

    def __str__(self) -> str:
        return f"{self.name} ({self.finess_code})"


class PublishedAPL(models.Model):
    """APL as published by the DREES (official values, never mixed with computed ones)."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="published_apl",
                                verbose_name="commune")
    profession = models.CharField("profession", max_length=40)
    vintage = models.CharField("millésime", max_length=40)
    apl = models.FloatField("APL", null=True, blank=True)
    apl_under_65 = models.FloatField("APL aux moins de 65 ans", null=True, blank=True)
    standardised_population = models.FloatField("population standardisée", null=True, blank=True)
    total_population = models.FloatField("population totale", null=True, blank=True)

    class Meta:
        verbose_name = "accessibilité potentielle localisée publiée"
        verbose_name_plural = "accessibilités potentielles localisées publiées"
        constraints = [models.UniqueConstraint(fields=["commune", "profession", "vintage"],
                                               name="offer_published_apl_unique")]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.profession} {self.vintage}"


class ZoningClass(models.Model):
    """Zoning of a commune for a profession (ZIP, ZAC, sous-dotée…)."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="zoning",
                                verbose_name="commune")
    profession = models.CharField("profession", max_length=40)
    zoning_class = models.CharField("zonage", max_length=40)
    zoning_rank = models.PositiveSmallIntegerField("rang du zonage", null=True, blank=True)
    zoning_label = models.CharField("libellé du zonage", max_length=100, blank=True)
    decree_date = models.CharField("date de l'arrêté", max_length=20, blank=True)
    tvs_label = models.CharField("territoire de vie-santé", max_length=200, blank=True)
    vintage = models.CharField("millésime", max_length=40, blank=True)

    class Meta:
        verbose_name = "zonage"
        verbose_name_plural = "zonages"
        constraints = [models.UniqueConstraint(fields=["commune", "profession"], name="offer_zoning_unique")]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.profession} {self.zoning_class}"


class SupplyImport(models.Model):
    """One import of an official file (or of the fictive demo supply)."""

    kind = models.CharField("nature", max_length=20, db_index=True)
    file_name = models.CharField("nom du fichier", max_length=300, blank=True)
    vintage = models.CharField("millésime", max_length=40, blank=True)
    imported_at = models.DateTimeField("importé le", auto_now_add=True)
    counts = models.JSONField("effectifs", default=dict)
    set_aside_count = models.PositiveIntegerField("lignes écartées", default=0)
    fictive = models.BooleanField("fictif", default=False)

    class Meta:
        verbose_name = "import de données d'offre"
        verbose_name_plural = "imports de données d'offre"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.vintage})"
