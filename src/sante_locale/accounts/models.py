"""Users, their roles scoped to an object, API tokens, and the journal of refused attempts.

The user model is the project's own (``AUTH_USER_MODEL = "accounts.User"``) and keeps the
table of Django's default user (``auth_user``), so a database created before it existed
keeps its accounts (see the ``migrate`` command of this app).

A role ties a user to one object (a dispositif, a structure, a custom territory) with a
kind (:data:`ROLE_KINDS`); what a role allows is written once, as ``rules`` predicates, in
:mod:`sante_locale.accounts.rules` and the ``rules`` module of each app.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from sante_locale.core import clock

#: Role kind -> French label. Administrators are users with ``is_staff`` or ``is_superuser``.
ROLE_KINDS = {
    "coordinator": "coordinateur·rice",
    "partner": "partenaire",
    "editor": "éditeur·rice",
    "reader": "lecteur·rice",
}


class User(AbstractUser):
    """A person who logs in. Same table and fields as Django's default user."""

    id = models.AutoField(primary_key=True, verbose_name="ID")  # as auth.User: existing tables keep their keys

    class Meta(AbstractUser.Meta):
        db_table = "auth_user"
        verbose_name = "utilisateur·rice"
        verbose_name_plural = "utilisateur·rices"
        swappable = "AUTH_USER_MODEL"

    @property
    def is_administrator(self) -> bool:
        return self.is_active and (self.is_staff or self.is_superuser)

    def display_name(self) -> str:
        full = self.get_full_name().strip()
        return full or self.username


class RoleQuerySet(models.QuerySet):
    def on(self, obj) -> RoleQuerySet:
        """Roles held on ``obj``."""
        return self.filter(content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
                           object_id=obj.pk)

    def object_ids(self, model, kinds=None) -> models.QuerySet:
        """Primary keys of the ``model`` objects these roles are held on."""
        qs = self.filter(content_type=ContentType.objects.get_for_model(model, for_concrete_model=True))
        if kinds is not None:
            qs = qs.filter(kind__in=list(kinds))
        return qs.values_list("object_id", flat=True)


class Role(models.Model):
    """A user's role on one object (a dispositif, a structure, a custom territory)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles",
                             verbose_name="utilisateur·rice")
    kind = models.CharField("rôle", max_length=20, choices=list(ROLE_KINDS.items()))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name="type d'objet")
    object_id = models.PositiveBigIntegerField("identifiant de l'objet")
    target = GenericForeignKey("content_type", "object_id")
    granted_at = models.DateTimeField("attribué le", default=clock.now)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="attribué par")

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = "rôle"
        verbose_name_plural = "rôles"
        constraints = [models.UniqueConstraint(fields=["user", "kind", "content_type", "object_id"],
                                               name="unique_role")]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.user} — {ROLE_KINDS.get(self.kind, self.kind)} — {self.content_type.model} {self.object_id}"


def grant(user, kind: str, obj, by=None) -> Role:
    """Give ``user`` the role ``kind`` on ``obj`` (idempotent)."""
    if kind not in ROLE_KINDS:
        raise ValueError(f"Rôle inconnu « {kind} » : choisissez parmi {', '.join(ROLE_KINDS)}.")
    role, _ = Role.objects.get_or_create(
        user=user, kind=kind, content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk, defaults={"granted_by": by})
    return role


#: How often a token's « dernier usage » is written (at most).
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class APIToken(models.Model):
    """A token for the read API. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name="utilisateur·rice")
    name = models.CharField("nom", max_length=100)
    digest = models.CharField("empreinte de la clé", max_length=64, unique=True)
    created_at = models.DateTimeField("créé le", default=clock.now)
    last_used_at = models.DateTimeField("dernier usage", null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @classmethod
    def issue(cls, user, name: str) -> tuple[APIToken, str]:
        """A new token for ``user``: the record and the clear key (shown once, never stored)."""
        key = "sl_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=_digest(key)), key

    @classmethod
    def user_for(cls, key: str):
        """The active user holding ``key``, or ``None``."""
        token = cls.objects.select_related("user").filter(digest=_digest(key or "")).first()
        if token is None or not token.user.is_active:
            return None
        now = clock.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            # written at most once a minute: reading the API does not write at every request
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user


class RefusedAttempt(models.Model):
    """A write or a read that was refused (rights, bad input, forged id, missing CSRF):
    kept for administrators, with who, when, what and why."""

    at = models.DateTimeField("le", default=clock.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name="utilisateur·rice")
    channel = models.CharField("canal", max_length=10, default="web")  # web, api, cli
    action = models.CharField("action", max_length=200)
    target = models.CharField("objet visé", max_length=300, blank=True)
    reason = models.TextField("motif")
    path = models.CharField("adresse", max_length=500, blank=True)

    class Meta:
        verbose_name = "tentative refusée"
        verbose_name_plural = "tentatives refusées"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user or 'anonyme'} : {self.action}"


def record_refusal(user, action: str, reason: str, target="", channel: str = "web", path: str = "") -> RefusedAttempt:
    """Keep a refused attempt in the journal (``user`` may be anonymous or ``None``)."""
    who = user if getattr(user, "is_authenticated", False) else None
    return RefusedAttempt.objects.create(user=who, action=action[:200], reason=reason, target=str(target)[:300],
                                         channel=channel, path=path[:500])
