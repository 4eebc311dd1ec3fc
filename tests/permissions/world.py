"""A small world of dispositifs and roles shared by the permissions matrix and the
coordination tests: two dispositifs (this one, another one), their partners, funding,
bodies, meetings and decisions, and one account per role.

Importable by name (``tests/permissions`` is on pytest's ``pythonpath``)::

    from world import build_world

Roles: ``admin`` (administrator), ``coordinator`` (of ``this``), ``other_coordinator`` (of
``other``), ``partner`` (of ``this``, invited to its meeting), ``anonymous`` (``None``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
ROLES = ("admin", "coordinator", "other_coordinator", "partner", "anonymous")


@dataclass
class World:
    users: dict  # role -> user (None for anonymous)
    this: object  # the dispositif the coordinator and the partner hold roles on
    other: object  # another dispositif (of other_coordinator)
    objects: dict = field(default_factory=dict)  # name -> object (this_body, other_meeting, …)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def build_world() -> World:
    from sante_locale.accounts.factories import UserFactory
    from sante_locale.accounts.models import grant
    from sante_locale.coordination.factories import (
        BodyFactory,
        DecisionFactory,
        DispositifFactory,
        FundingFactory,
        MeetingFactory,
        PartnershipFactory,
    )
    from sante_locale.coordination.models import AgendaItem, Attendance, Comment, DispositifLink
    from sante_locale.structures.factories import PersonFactory, StructureFactory
    from sante_locale.territories.factories import TerritoryFactory
    from sante_locale.territories.models import Commune

    users = {"admin": UserFactory(username="admin-monde", is_staff=True),
             "coordinator": UserFactory(username="coordinatrice"),
             "other_coordinator": UserFactory(username="autre-coordinateur"),
             "partner": UserFactory(username="partenaire"), "anonymous": None}
    this = DispositifFactory(name="CLS de Lens-Liévin (essai)", perimeter_level="epci", perimeter_code="246200364")
    other = DispositifFactory(name="CLS d'Hénin-Carvin (essai)", perimeter_level="epci", perimeter_code="246200299")
    grant(users["coordinator"], "coordinator", this)
    grant(users["other_coordinator"], "coordinator", other)
    grant(users["partner"], "partner", this)
    partner_person = PersonFactory(user=users["partner"])
    objects = {}
    for name, d in (("this", this), ("other", other)):
        objects[f"{name}_partnership"] = PartnershipFactory(dispositif=d, role="signatory")
        objects[f"{name}_funding"] = FundingFactory(dispositif=d)
        body = BodyFactory(dispositifs=[d], name=f"COPIL {d.name}")
        objects[f"{name}_body"] = body
        meeting = MeetingFactory(body=body, title=f"COPIL de {d.name}")
        objects[f"{name}_meeting"] = meeting
        objects[f"{name}_agenda_item"] = AgendaItem.objects.create(meeting=meeting, title="Bilan annuel")
        objects[f"{name}_decision"] = DecisionFactory(meeting=meeting, due_on=dt.date(2026, 11, 15),
                                                      text=f"Décision du {d.name}")
        objects[f"{name}_comment"] = Comment.objects.create(dispositif=d, author=users["admin"], text="Bien.")
        objects[f"{name}_member"] = body.members.create(person=PersonFactory(), function="élu")
    Attendance.objects.create(meeting=objects["this_meeting"], person=partner_person, status="invited")
    objects["this_link"] = DispositifLink.objects.create(source=this, target=other, kind="cooperates_with")
    objects["other_link"] = DispositifLink.objects.create(source=other, target=this, kind="cooperates_with")
    objects["structure"] = StructureFactory(name="Association Santé Liévin")
    objects["person"] = PersonFactory(structure=objects["structure"])
    objects["other_person"] = objects["other_member"].person
    lens = Commune.objects.get(insee_code="62498")
    objects["territory"] = TerritoryFactory(owner=users["coordinator"], communes=[lens], name="Lens seule")
    objects["other_territory"] = TerritoryFactory(owner=users["other_coordinator"], communes=[lens],
                                                  name="Privé de l'autre")
    objects["partner_person"] = partner_person
    from sante_locale.coordination.models import DispositifKind

    objects["public_dispositif"] = DispositifFactory(name="CLSM public (essai)", is_public=True,
                                                     kind=DispositifKind.objects.get(key="clsm"),
                                                     perimeter_level="commune", perimeter_code="62498")
    from sante_locale.coordination.governance import issue_token

    objects["calendar_token"], objects["calendar_key"] = issue_token(users["coordinator"])
    from sante_locale.accounts.models import Role

    objects["partner_role"] = Role.objects.on(this).get(user=users["partner"])
    objects["other_role"] = Role.objects.on(other).get(user=users["other_coordinator"])
    return World(users, this, other, objects)
