"""The registry of organisations (structures) and of the people who represent them.

One structure identity serves the whole product: a dispositif's carrier, signatories and
partners, a fiche action's pilots and funders, a directory service's provider. A structure
may carry a SIRET and a FINESS number; the FINESS establishment it matches is found among
the imported ones by number (so a FINESS re-import keeps the link).

People hold minimal personal data (name, function, professional contact). RGPD: a person
can be removed (:meth:`Person.erase`), which also purges their history; professional
contact fields are never copied into the history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from simple_history.models import HistoricalRecords

from sante_locale.core.identifiers import finess_problem, siret_problem
from sante_locale.territories.models import Commune

#: Structure kinds (stable English keys -> French labels). "other" closes the list.
STRUCTURE_KINDS = {
    "commune": "commune",
    "epci": "intercommunalité (EPCI)",
    "departement": "conseil départemental",
    "region": "conseil régional",
    "state": "État (préfecture, services déconcentrés)",
    "ars": "agence régionale de santé (ARS)",
    "health_insurance": "assurance maladie (CPAM, MSA, CANSSM…)",
    "caf": "caisse d'allocations familiales (CAF)",
    "hospital": "établissement de santé (hôpital, clinique)",
    "medico_social": "établissement ou service médico-social",
    "cpts": "communauté professionnelle territoriale de santé (CPTS)",
    "msp": "maison de santé pluriprofessionnelle (MSP)",
    "health_centre": "centre de santé",
    "education": "Éducation nationale",
    "ccas": "centre communal d'action sociale (CCAS)",
    "association": "association",
    "housing": "bailleur social",
    "mutual": "mutuelle",
    "company": "entreprise",
    "other": "autre",
}


def _check_siret(value: str) -> None:
    problem = siret_problem(value)
    if problem:
        raise ValidationError(problem[0].upper() + problem[1:])


def _check_finess(value: str) -> None:
    problem = finess_problem(value)
    if problem:
        raise ValidationError(problem[0].upper() + problem[1:])


class Structure(models.Model):
    """Any organisation: collectivité, ARS, CPAM, hospital, association, CPTS, MSP…"""

    name = models.CharField("nom", max_length=300)
    kind = models.CharField("nature", max_length=30, choices=list(STRUCTURE_KINDS.items()), default="other")
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[_check_siret])
    finess_code = models.CharField("numéro FINESS", max_length=9, blank=True, validators=[_check_finess],
                                   db_index=True)
    description = models.TextField("description", blank=True)
    address = models.CharField("adresse", max_length=400, blank=True)
    postcode = models.CharField("code postal", max_length=5, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="structures", verbose_name="commune")
    lon = models.FloatField("longitude", null=True, blank=True)
    lat = models.FloatField("latitude", null=True, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("courriel", blank=True)
    website = models.URLField("site internet", blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    history = HistoricalRecords(verbose_name="historique de la structure",
                                verbose_name_plural="historiques des structures")

    class Meta:
        verbose_name = "structure"
        verbose_name_plural = "structures"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["siret"], condition=~models.Q(siret=""), name="unique_structure_siret"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return STRUCTURE_KINDS.get(self.kind, self.kind)

    @property
    def establishment(self):
        """The imported FINESS establishment of this structure's number, if any."""
        if not self.finess_code:
            return None
        from sante_locale.offer.models import Establishment

        return Establishment.objects.filter(finess_code=self.finess_code).first()

    def get_absolute_url(self) -> str:
        return reverse("structure", args=[self.pk])


class Person(models.Model):
    """Someone who represents a structure (minimal personal data, professional contact)."""

    first_name = models.CharField("prénom", max_length=150)
    last_name = models.CharField("nom", max_length=150)
    function = models.CharField("fonction", max_length=200, blank=True)
    structure = models.ForeignKey(Structure, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="people", verbose_name="structure")
    email = models.EmailField("courriel professionnel", blank=True)
    phone = models.CharField("téléphone professionnel", max_length=30, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="person", verbose_name="compte")
    history = HistoricalRecords(excluded_fields=["email", "phone"], verbose_name="historique de la personne",
                                verbose_name_plural="historiques des personnes")

    class Meta:
        verbose_name = "personne"
        verbose_name_plural = "personnes"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        where = f" ({self.structure})" if self.structure_id else ""
        return f"{self.first_name} {self.last_name}{where}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def erase(self) -> None:
        """Remove this person and every trace of them in the history (RGPD right to erasure).

        Objects that point to the person lose the link (or refuse, if they require it:
        the caller says which, in French, from the ``ProtectedError``).
        """
        pk = self.pk
        with transaction.atomic():
            self.delete()
            Person.history.filter(id=pk).delete()
