"""Dispositifs (CLS, CLSM, ASV, CPTS…), their partners, funding and links; their
governance: bodies, meetings, agenda, attendance, decisions. Every model keeps a history.

Permissions are ``rules`` predicates over roles scoped to a dispositif
(:mod:`sante_locale.coordination.rules`); every object here gives the dispositifs its
roles count on through ``role_scope()``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from sante_locale.coordination.visibility import (
    BodyQuerySet,
    DecisionQuerySet,
    DispositifQuerySet,
    MeetingQuerySet,
)
from sante_locale.core import clock
from sante_locale.structures.models import Person, Structure
from sante_locale.territories.models import Territory

PERIMETER_LEVELS = {
    "commune": "commune",
    "epci": "EPCI",
    "departement": "département",
    "region": "région",
    "territoire": "territoire personnalisé",
}
STATUSES = {
    "project": "en projet",
    "active": "en cours",
    "renewal": "en renouvellement",
    "suspended": "suspendu",
    "ended": "terminé",
}


def _history(name: str, plural: str, **kwargs) -> HistoricalRecords:
    return HistoricalRecords(verbose_name=f"historique {name}", verbose_name_plural=f"historiques {plural}",
                             **kwargs)


class DispositifKind(models.Model):
    """A kind of dispositif (CLS, CLSM, ASV, CPTS, volet santé du contrat de ville, PTSM,
    autre): an extensible list, kept by administrators."""

    key = models.SlugField("clé", max_length=40, unique=True)
    label = models.CharField("libellé court", max_length=60)
    name = models.CharField("libellé long", max_length=200)
    order = models.PositiveSmallIntegerField("ordre", default=100)

    class Meta:
        verbose_name = "type de dispositif"
        verbose_name_plural = "types de dispositifs"
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label


class Dispositif(models.Model):
    """A territorial health coordination scheme, with its perimeter, carrier and means."""

    name = models.CharField("nom", max_length=200)
    kind = models.ForeignKey(DispositifKind, on_delete=models.PROTECT, related_name="dispositifs",
                             verbose_name="type")
    perimeter_level = models.CharField("niveau du périmètre", max_length=12, choices=list(PERIMETER_LEVELS.items()))
    perimeter_code = models.CharField("code du périmètre", max_length=160)
    perimeter_territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, null=True, blank=True, related_name="dispositifs",
        verbose_name="territoire personnalisé du périmètre")
    carrier = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="carried_dispositifs",
                                verbose_name="porteur")
    coordinator = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="coordinated_dispositifs", verbose_name="coordinateur·rice")
    coordinator_fte = models.DecimalField("ETP de coordination", max_digits=4, decimal_places=2, null=True,
                                          blank=True, validators=[MinValueValidator(0)])
    signed_on = models.DateField("signé le", null=True, blank=True)
    starts_on = models.DateField("début", null=True, blank=True)
    ends_on = models.DateField("fin", null=True, blank=True)
    renewal_on = models.DateField("renouvellement prévu le", null=True, blank=True)
    status = models.CharField("statut", max_length=12, choices=list(STATUSES.items()), default="active")
    description = models.TextField("description", blank=True)
    is_public = models.BooleanField("visible sans connexion", default=False)
    is_demo = models.BooleanField("scénario de démonstration", default=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    history = _history("du dispositif", "des dispositifs")

    objects = DispositifQuerySet.as_manager()

    class Meta:
        verbose_name = "dispositif"
        verbose_name_plural = "dispositifs"
        ordering = ["kind__order", "name"]

    def __str__(self) -> str:
        return self.name

    def role_scope(self) -> list:
        return [self]

    def clean(self) -> None:
        problems = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            problems["ends_on"] = "La date de fin est avant la date de début : corrigez l'une des deux."
        if self.perimeter_level == "territoire" and self.perimeter_territory_id is None:
            problems["perimeter_code"] = "Choisissez le territoire personnalisé qui sert de périmètre."
        if problems:
            raise ValidationError(problems)

    @property
    def perimeter(self):
        """The official unit or custom territory this dispositif covers."""
        if self.perimeter_level == "territoire":
            return self.perimeter_territory
        from sante_locale.territories.lookup import get_unit

        return get_unit(self.perimeter_level, self.perimeter_code)

    def get_absolute_url(self) -> str:
        return reverse("dispositif", args=[self.pk])


PARTNER_ROLES = {
    "signatory": "signataire",
    "partner": "partenaire",
    "funder": "financeur",
    "operator": "opérateur",
}


class Partnership(models.Model):
    """A structure's part in a dispositif (signatory, partner, funder…), with who represents it."""

    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="partnerships",
                                   verbose_name="dispositif")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="partnerships",
                                  verbose_name="structure")
    role = models.CharField("rôle", max_length=12, choices=list(PARTNER_ROLES.items()), default="partner")
    representative = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="partnerships", verbose_name="représenté·e par")
    since = models.DateField("depuis le", null=True, blank=True)
    history = _history("du partenariat", "des partenariats")

    class Meta:
        verbose_name = "partenariat"
        verbose_name_plural = "partenariats"
        constraints = [models.UniqueConstraint(fields=["dispositif", "structure", "role"],
                                               name="unique_partnership")]

    def __str__(self) -> str:
        return f"{self.structure} — {self.get_role_display()} de {self.dispositif}"

    def role_scope(self) -> list:
        return [self.dispositif]


class Funding(models.Model):
    """A funding line of a dispositif: funder, amount, year, purpose."""

    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="fundings",
                                   verbose_name="dispositif")
    funder = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="fundings",
                               verbose_name="financeur")
    amount = models.DecimalField("montant (€)", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    year = models.PositiveSmallIntegerField("année")
    purpose = models.CharField("objet", max_length=300, blank=True)
    history = _history("du financement", "des financements")

    class Meta:
        verbose_name = "financement"
        verbose_name_plural = "financements"
        ordering = ["-year", "funder__name"]

    def __str__(self) -> str:
        return f"{self.funder} {self.year} : {self.amount} €"

    def role_scope(self) -> list:
        return [self.dispositif]


LINK_KINDS = {
    "contributes_to": "contribue à",
    "cooperates_with": "coopère avec",
    "part_of": "fait partie de",
}


class DispositifLink(models.Model):
    """A link between two dispositifs (the CLSM contributes to a CLS, cooperates with another CLSM)."""

    source = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="links_out",
                               verbose_name="dispositif")
    target = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="links_in",
                               verbose_name="dispositif lié")
    kind = models.CharField("nature du lien", max_length=20, choices=list(LINK_KINDS.items()))
    note = models.CharField("précision", max_length=300, blank=True)
    history = _history("du lien", "des liens")

    class Meta:
        verbose_name = "lien entre dispositifs"
        verbose_name_plural = "liens entre dispositifs"
        constraints = [models.UniqueConstraint(fields=["source", "target", "kind"], name="unique_dispositif_link")]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"

    def clean(self) -> None:
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError("Un dispositif ne peut pas être lié à lui-même.")

    def role_scope(self) -> list:
        return [self.source]


BODY_KINDS = {
    "copil": "comité de pilotage",
    "cotech": "comité technique",
    "working_group": "groupe de travail",
    "plenary": "plénière",
    "other": "autre instance",
}


class Body(models.Model):
    """A governance body; it may serve several dispositifs (one COPIL for a CLS and its ASV)."""

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=20, choices=list(BODY_KINDS.items()))
    dispositifs = models.ManyToManyField(Dispositif, related_name="bodies", verbose_name="dispositifs")
    description = models.TextField("rôle de l'instance", blank=True)
    history = _history("de l'instance", "des instances", m2m_fields=[dispositifs])

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = "instance"
        verbose_name_plural = "instances"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def role_scope(self) -> list:
        return list(self.dispositifs.all()) if self.pk else []


class BodyMember(models.Model):
    """A person sitting in a body, for a structure."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members", verbose_name="instance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="body_seats", verbose_name="personne")
    structure = models.ForeignKey(Structure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name="au titre de")
    function = models.CharField("rôle dans l'instance", max_length=100, blank=True)
    history = _history("du membre", "des membres")

    class Meta:
        verbose_name = "membre d'une instance"
        verbose_name_plural = "membres des instances"
        constraints = [models.UniqueConstraint(fields=["body", "person"], name="unique_body_member")]

    def __str__(self) -> str:
        return f"{self.person} — {self.body}"

    def role_scope(self) -> list:
        return self.body.role_scope()


MEETING_STATUSES = {"planned": "prévue", "held": "tenue", "cancelled": "annulée"}


class Meeting(models.Model):
    """A meeting of a body: date, place, agenda, attendance, minutes, decisions."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings", verbose_name="instance")
    title = models.CharField("titre", max_length=200)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin", null=True, blank=True)
    place = models.CharField("lieu", max_length=300, blank=True)
    status = models.CharField("statut", max_length=10, choices=list(MEETING_STATUSES.items()), default="planned")
    minutes = models.TextField("compte rendu", blank=True)
    is_public = models.BooleanField("visible sans connexion", default=False)
    history = _history("de la réunion", "des réunions")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "réunion"
        verbose_name_plural = "réunions"
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d/%m/%Y})"

    def clean(self) -> None:
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "La fin de la réunion doit suivre son début."})

    def role_scope(self) -> list:
        return self.body.role_scope()

    def get_absolute_url(self) -> str:
        return reverse("meeting", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name="réunion")
    order = models.PositiveSmallIntegerField("ordre", default=1)
    title = models.CharField("point de l'ordre du jour", max_length=300)
    notes = models.TextField("notes", blank=True)
    history = _history("du point d'ordre du jour", "des points d'ordre du jour")

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        ordering = ["meeting", "order"]

    def __str__(self) -> str:
        return self.title

    def role_scope(self) -> list:
        return self.meeting.role_scope()


ATTENDANCE = {"invited": "invité·e", "present": "présent·e", "excused": "excusé·e", "absent": "absent·e"}


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances",
                                verbose_name="réunion")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendances",
                               verbose_name="personne")
    status = models.CharField("présence", max_length=10, choices=list(ATTENDANCE.items()), default="invited")
    history = _history("de la présence", "des présences")

    class Meta:
        verbose_name = "présence"
        verbose_name_plural = "présences"
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="unique_attendance")]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_status_display()}"

    def role_scope(self) -> list:
        return self.meeting.role_scope()


DECISION_STATUSES = {"to_do": "à faire", "in_progress": "en cours", "done": "réalisée", "dropped": "abandonnée"}


class Decision(models.Model):
    """A decision taken in a meeting, with its owner, due date and follow-up."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions",
                                verbose_name="réunion")
    text = models.TextField("décision")
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="decisions", verbose_name="responsable")
    due_on = models.DateField("échéance", null=True, blank=True)
    status = models.CharField("suivi", max_length=12, choices=list(DECISION_STATUSES.items()), default="to_do")
    follow_up = models.TextField("notes de suivi", blank=True)
    done_on = models.DateField("réalisée le", null=True, blank=True)
    history = _history("de la décision", "des décisions")

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "décision"
        verbose_name_plural = "décisions"
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def role_scope(self) -> list:
        return self.meeting.role_scope()


class Comment(models.Model):
    """A partner's or coordinator's comment on a dispositif."""

    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="comments",
                                   verbose_name="dispositif")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+", verbose_name="auteur·rice")
    text = models.TextField("commentaire")
    created_at = models.DateTimeField("écrit le", auto_now_add=True)
    history = _history("du commentaire", "des commentaires")

    class Meta:
        verbose_name = "commentaire"
        verbose_name_plural = "commentaires"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:80]

    def role_scope(self) -> list:
        return [self.dispositif]


class CalendarToken(models.Model):
    """The secret of a subscribable calendar URL (read-only, no session needed).

    A token belongs to a user and shows the meetings that user may see, of one dispositif
    (``dispositif``) or of all (``None``): rights are checked at every read, so a user who
    loses a role loses the meetings too. Only the SHA-256 of the key is stored; deleting the
    token revokes the URL.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens",
                             verbose_name="utilisateur·rice")
    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="calendar_tokens", verbose_name="dispositif")
    digest = models.CharField("empreinte de la clé", max_length=64, unique=True)
    created_at = models.DateTimeField("créé le", default=clock.now)

    class Meta:
        verbose_name = "abonnement à un agenda"
        verbose_name_plural = "abonnements aux agendas"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"agenda {'de ' + str(self.dispositif) if self.dispositif_id else 'personnel'} ({self.user})"
