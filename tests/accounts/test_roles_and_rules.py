"""The permission layer: roles scoped to an object, read through ``rules`` by every channel."""

import pytest
from django.contrib.auth.models import AnonymousUser

from sante_locale.accounts.access import Forbidden, Operator, allowed, require
from sante_locale.accounts.factories import UserFactory
from sante_locale.accounts.models import APIToken, RefusedAttempt, Role, grant
from sante_locale.coordination.factories import DecisionFactory, DispositifFactory, MeetingFactory
from sante_locale.coordination.models import Attendance
from sante_locale.structures.factories import PersonFactory
from sante_locale.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    admin = UserFactory(is_staff=True)
    coordinator, other, partner, stranger = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    return {"admin": admin, "coordinator": coordinator, "other_coordinator": other, "partner": partner,
            "stranger": stranger, "anonymous": AnonymousUser()}


@pytest.fixture
def dispositif(people):
    mine, theirs = DispositifFactory(), DispositifFactory()
    grant(people["coordinator"], "coordinator", mine)
    grant(people["other_coordinator"], "coordinator", theirs)
    grant(people["partner"], "partner", mine)
    return mine


EXPECTED = {  # role -> (view, change, comment, manage roles)
    "admin": (True, True, True, True),
    "coordinator": (True, True, True, True),
    "other_coordinator": (False, False, False, False),
    "partner": (True, False, True, False),
    "stranger": (False, False, False, False),
    "anonymous": (False, False, False, False),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_dispositif_rights_by_role(people, dispositif, role):
    user = people[role]
    got = tuple(allowed(user, f"coordination.{p}", dispositif)
                for p in ("view_dispositif", "change_dispositif", "comment_dispositif", "manage_roles"))
    assert got == EXPECTED[role]


def test_a_public_dispositif_is_read_by_anyone_but_its_meetings_are_not(people, dispositif):
    meeting = MeetingFactory(body__dispositifs=[dispositif])
    dispositif.is_public = True
    dispositif.save()
    assert allowed(people["anonymous"], "coordination.view_dispositif", dispositif)
    assert not allowed(people["anonymous"], "coordination.change_dispositif", dispositif)
    assert not allowed(people["anonymous"], "coordination.view_meeting", meeting)
    meeting.is_public = True
    meeting.save()
    assert allowed(people["anonymous"], "coordination.view_meeting", meeting)


def test_a_partner_sees_the_meetings_they_are_invited_to(people, dispositif):
    meeting = MeetingFactory(body__dispositifs=[dispositif])
    decision = DecisionFactory(meeting=meeting)
    partner = people["partner"]
    assert not allowed(partner, "coordination.view_meeting", meeting)
    Attendance.objects.create(meeting=meeting, person=PersonFactory(user=partner))
    assert allowed(partner, "coordination.view_meeting", meeting)
    assert allowed(partner, "coordination.view_decision", decision)
    assert not allowed(partner, "coordination.change_decision", decision)
    # a coordinator of another dispositif sees nothing of it
    assert not allowed(people["other_coordinator"], "coordination.view_meeting", meeting)


def test_a_shared_body_gives_the_coordinators_of_both_dispositifs_the_meeting(people, dispositif):
    theirs = DispositifFactory()
    grant(people["other_coordinator"], "coordinator", theirs)
    meeting = MeetingFactory(body__dispositifs=[dispositif, theirs])
    assert allowed(people["coordinator"], "coordination.change_meeting", meeting)
    assert allowed(people["other_coordinator"], "coordination.change_meeting", meeting)


def test_require_records_the_refusal_and_says_why_in_french(people, dispositif):
    with pytest.raises(Forbidden, match="Vous n'avez pas le droit de modifier ce dispositif."):
        require(people["partner"], "coordination.change_dispositif", dispositif, action="modifier ce dispositif",
                channel="api", path="/api/dispositifs/1")
    with pytest.raises(Forbidden, match="Connectez-vous pour modifier ce dispositif."):
        require(people["anonymous"], "coordination.change_dispositif", dispositif, action="modifier ce dispositif")
    attempts = list(RefusedAttempt.objects.order_by("at", "pk"))
    assert [(a.user, a.channel) for a in attempts] == [(people["partner"], "api"), (None, "web")]
    assert f"n° {dispositif.pk}" in attempts[0].target
    require(people["coordinator"], "coordination.change_dispositif", dispositif, action="modifier ce dispositif")
    assert RefusedAttempt.objects.count() == 2


def test_the_cli_operator_has_every_right(dispositif):
    assert allowed(Operator(), "coordination.delete_dispositif", dispositif)


def test_roles_are_unique_and_checked(people, dispositif):
    grant(people["partner"], "partner", dispositif)
    assert Role.objects.on(dispositif).filter(kind="partner").count() == 1
    with pytest.raises(ValueError, match="Rôle inconnu « chef »"):
        grant(people["partner"], "chef", dispositif)


def test_territory_visibility(people):
    territory = TerritoryFactory(owner=people["coordinator"])
    from sante_locale.territories.models import Territory

    def visible(user):
        return (allowed(user, "territories.view_territory", territory),
                Territory.objects.visible_to(user).filter(pk=territory.pk).exists())

    assert visible(people["coordinator"]) == (True, True) and visible(people["admin"]) == (True, True)
    assert visible(people["stranger"]) == (False, False) and visible(people["anonymous"]) == (False, False)
    grant(people["partner"], "reader", territory)
    assert visible(people["partner"]) == (True, True)
    assert not allowed(people["partner"], "territories.change_territory", territory)
    territory.visibility = "shared"
    territory.save()
    assert visible(people["stranger"]) == (True, True) and visible(people["anonymous"]) == (False, False)
    territory.visibility = "public"
    territory.save()
    assert visible(people["anonymous"]) == (True, True)


def test_api_tokens_store_only_a_digest(people):
    token, key = APIToken.issue(people["partner"], "tableur")
    assert key.startswith("sl_") and key not in token.digest
    assert APIToken.user_for(key) == people["partner"] and APIToken.user_for("sl_faux") is None
    people["partner"].is_active = False
    people["partner"].save()
    assert APIToken.user_for(key) is None


def test_a_token_records_its_last_use_at_most_once_a_minute(people, django_assert_num_queries):
    import datetime as dt

    import time_machine

    from sante_locale.core import clock

    token, key = APIToken.issue(people["partner"], "tableur")
    APIToken.user_for(key)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with django_assert_num_queries(1):  # the lookup only: no write within the minute
        APIToken.user_for(key)
    with time_machine.travel(clock.now() + dt.timedelta(minutes=2), tick=False):
        APIToken.user_for(key)
    token.refresh_from_db()
    assert token.last_used_at > first
