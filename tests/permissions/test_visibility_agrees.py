"""Every ``visible_to`` queryset agrees with the ``view_*`` rule of its model, for every
role and every object of the world (list pages and single pages say the same)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from world import ROLES, build_world

from sante_locale.accounts.access import allowed
from sante_locale.coordination.models import Body, Decision, Dispositif, Meeting
from sante_locale.directory.models import Service
from sante_locale.directory.permissions import editable_services
from sante_locale.programme.models import Programme
from sante_locale.programme.queries import visible_programmes

pytestmark = pytest.mark.django_db

QUERYSETS = {
    "coordination.view_dispositif": lambda user: Dispositif.objects.visible_to(user),
    "coordination.view_body": lambda user: Body.objects.visible_to(user),
    "coordination.view_meeting": lambda user: Meeting.objects.visible_to(user),
    "coordination.view_decision": lambda user: Decision.objects.visible_to(user),
    "programme.view_programme": visible_programmes,
    "directory.view_service": lambda user: Service.objects.visible_to(user),
    "directory.change_service": editable_services,  # the editors' dashboard lists these
}
MODELS = {"coordination.view_dispositif": Dispositif, "coordination.view_body": Body,
          "coordination.view_meeting": Meeting, "coordination.view_decision": Decision,
          "programme.view_programme": Programme, "directory.view_service": Service,
          "directory.change_service": Service}


@pytest.mark.parametrize("perm", sorted(QUERYSETS))
def test_querysets_agree_with_rules(perm):
    world = build_world()
    Meeting.objects.create(body=world.other_body, title="Plénière publique", is_public=True,
                           starts_at=world.other_meeting.starts_at)
    seen = set()
    for role in ROLES:
        user = world.users[role] or AnonymousUser()
        listed = set(QUERYSETS[perm](user).values_list("pk", flat=True))
        by_rule = {obj.pk for obj in MODELS[perm].objects.all() if allowed(user, perm, obj)}
        assert listed == by_rule, (role, perm)
        seen.add(frozenset(listed))
    # programmes and services: their readers see the private one, the others only the public ones
    assert len(seen) >= (2 if perm in ("programme.view_programme", "directory.view_service") else 3), \
        "the world must tell the roles apart"
