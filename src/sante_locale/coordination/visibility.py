"""What a user may see of dispositifs and their governance, as querysets.

Each ``visible_to(user)`` agrees with the ``view_*`` rule of the same model in
:mod:`sante_locale.coordination.rules` (a test compares them on every object of the
permissions matrix): list pages, exports, the API and the CLI filter with these, and
check single objects with the rules.
"""

from __future__ import annotations

from django.db import models


def _is_admin(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def _logged_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.pk is not None)


def role_dispositif_ids(user, kinds) -> models.QuerySet:
    """Primary keys of the dispositifs on which ``user`` holds one of ``kinds``."""
    from sante_locale.accounts.models import Role
    from sante_locale.coordination.models import Dispositif

    return Role.objects.filter(user_id=user.pk).object_ids(Dispositif, kinds)


class DispositifQuerySet(models.QuerySet):
    def visible_to(self, user) -> DispositifQuerySet:
        """Dispositifs ``user`` may read (``coordination.view_dispositif``)."""
        if _is_admin(user):
            return self
        if not _logged_in(user):
            return self.filter(is_public=True)
        return self.filter(models.Q(is_public=True)
                           | models.Q(pk__in=role_dispositif_ids(user, ("coordinator", "partner"))))

    def editable_by(self, user) -> DispositifQuerySet:
        """Dispositifs ``user`` may change (``coordination.change_dispositif``)."""
        if _is_admin(user):
            return self
        if not _logged_in(user):
            return self.none()
        return self.filter(pk__in=role_dispositif_ids(user, ("coordinator",)))


class BodyQuerySet(models.QuerySet):
    def visible_to(self, user) -> BodyQuerySet:
        """Bodies ``user`` may read: a role on one of its dispositifs, or all of them public."""
        if _is_admin(user):
            return self
        from sante_locale.coordination.models import Body

        not_all_public = Body.objects.filter(dispositifs__is_public=False).values("pk")
        public = models.Q(dispositifs__isnull=False) & ~models.Q(pk__in=not_all_public)
        if not _logged_in(user):
            return self.filter(public).distinct()
        mine = models.Q(dispositifs__in=role_dispositif_ids(user, ("coordinator", "partner")))
        return self.filter(pk__in=Body.objects.filter(public | mine).values("pk"))


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingQuerySet:
        """Meetings ``user`` may read: coordinators of a dispositif of its body, partners
        invited to it, anyone when the meeting is public."""
        if _is_admin(user):
            return self
        if not _logged_in(user):
            return self.filter(is_public=True)
        from sante_locale.coordination.models import Meeting

        coordinated = Meeting.objects.filter(
            body__dispositifs__in=role_dispositif_ids(user, ("coordinator",))).values("pk")
        invited = Meeting.objects.filter(
            body__dispositifs__in=role_dispositif_ids(user, ("partner",)),
            pk__in=Meeting.objects.filter(attendances__person__user_id=user.pk).values("pk")).values("pk")
        return self.filter(models.Q(is_public=True) | models.Q(pk__in=coordinated) | models.Q(pk__in=invited))

    def of_dispositif(self, dispositif) -> MeetingQuerySet:
        return self.filter(body__dispositifs=dispositif).distinct()


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user) -> DecisionQuerySet:
        """Decisions of the meetings ``user`` may read."""
        from sante_locale.coordination.models import Meeting

        return self.filter(meeting__in=Meeting.objects.visible_to(user).values("pk"))

    def pending(self) -> DecisionQuerySet:
        """Decisions not yet followed up (to do, in progress)."""
        return self.filter(status__in=("to_do", "in_progress"))
