"""Every ``visible_to`` queryset agrees with the ``view_*`` rule of its model, for every
role and every object of the world (list pages and single pages say the same)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from world import ROLES, build_world

from sante_locale.accounts.access import allowed
from sante_locale.coordination.models import Body, Decision, Dispositif, Meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model, perm", [(Dispositif, "coordination.view_dispositif"),
                                         (Body, "coordination.view_body"), (Meeting, "coordination.view_meeting"),
                                         (Decision, "coordination.view_decision")])
def test_querysets_agree_with_rules(model, perm):
    world = build_world()
    Meeting.objects.create(body=world.other_body, title="Plénière publique", is_public=True,
                           starts_at=world.other_meeting.starts_at)
    seen = set()
    for role in ROLES:
        user = world.users[role] or AnonymousUser()
        listed = set(model.objects.visible_to(user).values_list("pk", flat=True))
        by_rule = {obj.pk for obj in model.objects.all() if allowed(user, perm, obj)}
        assert listed == by_rule, (role, model.__name__)
        seen.add(frozenset(listed))
    assert len(seen) >= 3, "the world must tell the roles apart"
