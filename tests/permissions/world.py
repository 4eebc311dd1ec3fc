"""A small world of dispositifs and roles shared by the permissions matrix and the
coordination tests: two dispositifs (this one, another one), their partners, funding,
bodies, meetings and decisions, and one account per role.

Importable by name (``tests/permissions`` is on pytest's ``pythonpath``)::

    from world import build_world

Roles: ``admin`` (administrator), ``coordinator`` (of ``this``), ``other_coordinator`` (of
``other``), ``partner`` (of ``this``, invited to its meeting), ``anonymous`` (``None``).

The programme (``this_programme``): ``this`` has a full programme (published flag on, but
``this`` is private, so it is not shown publicly), ``public_dispositif`` a published one
that anyone reads, ``other`` none yet (its coordinator may create it).

The directory's editor is not a sixth role: the **partner also holds the ``editor`` role on
the structure ``arras_structure``** (in Arras, outside both perimeters). So each way to edit
a service is held by exactly one non-administrator, and the matrix tells them apart:
``service`` (in Lens, of ``lens_structure``) is edited by the coordinator, whose dispositif
covers Lens, and not by the partner; ``arras_service`` (in Arras, of ``arras_structure``) by
the partner (its structure's editor) and not by the coordinator; ``unpublished_service``
(of ``arras_structure``, held in Lens, not published) by both, and seen by nobody else.
``service`` has a ``stop`` and a ``closure``, ``arras_service`` an ``arras_stop`` and an
``arras_closure``.
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
    objects.update(_programme_objects(this, objects["public_dispositif"]))
    objects.update(_directory_objects(users))
    from sante_locale.offer.factories import ActivityFactory

    objects["professional"] = ActivityFactory(professional__rpps_id="10000000001").professional
    return World(users, this, other, objects)


def _programme_objects(this, public) -> dict:
    """``this`` gets a full programme (2 fiches actions, the second with risks), the public
    dispositif a published one; ``other`` none."""
    from sante_locale.programme.factories import sample_programme
    from sante_locale.programme.models import Action, Indicator
    from sante_locale.structures.factories import StructureFactory

    objects = {}
    funders = [StructureFactory(name="Agence d'essai", kind="ars"), StructureFactory(name="Ville d'essai", kind="commune")]
    for name, dispositif in (("this", this), ("public", public)):
        programme = sample_programme(dispositif, n_actions=2, funders=funders)  # one structure per name
        axes = list(programme.axes.order_by("order"))
        objects[f"{name}_programme"] = programme
        objects[f"{name}_axis"] = axes[0]
        objects[f"{name}_empty_axis"] = axes[-1]  # no fiche action: it may be deleted
        objects[f"{name}_objective"] = axes[0].objectives.order_by("order").first()
        objects[f"{name}_empty_objective"] = axes[-1].objectives.order_by("order").first()
        objects[f"{name}_action"] = Action.objects.get(objective__axis__programme=programme, risks=RISKS)
        indicator = Indicator.objects.filter(programme=programme, action=objects[f"{name}_action"]).get()
        objects[f"{name}_indicator"] = indicator
        objects[f"{name}_value"] = indicator.values.order_by("measured_on").first()
    return objects


#: the risks of a fiche action: shown to the dispositif's coordinators and partners only
RISKS = "Départ d'un pilote."


def _directory_objects(users) -> dict:
    from sante_locale.accounts.models import grant
    from sante_locale.directory.factories import (
        DirectoryProfileFactory,
        MobileStopFactory,
        ServiceFactory,
        TemporaryClosureFactory,
    )
    from sante_locale.structures.factories import StructureFactory
    from sante_locale.territories.models import Commune

    lens = StructureFactory(name="Centre de santé de Lens (essai)", commune=Commune.objects.get(insee_code="62498"))
    arras = StructureFactory(name="Maison de santé d'Arras (essai)", commune=Commune.objects.get(insee_code="62041"))
    for structure in (lens, arras):
        DirectoryProfileFactory(structure=structure)
    grant(users["partner"], "editor", arras)
    service = ServiceFactory(structure=lens, name="Permanence de Lens (essai)")
    arras_service = ServiceFactory(structure=arras, name="Permanence d'Arras (essai)", in_arras=True)
    return {
        "lens_structure": lens, "arras_structure": arras,
        "service": service, "arras_service": arras_service,
        "unpublished_service": ServiceFactory(structure=arras, name="Permanence à venir (essai)", unpublished=True),
        # a stop and a closure of each published service (modified and deleted through its URL, or forged)
        "stop": MobileStopFactory(service=service, place="Cité 4 (essai)"),
        "arras_stop": MobileStopFactory(service=arras_service, place="Place des Héros (essai)"),
        "closure": TemporaryClosureFactory(service=service, starts_on=dt.date(2026, 12, 24),
                                           ends_on=dt.date(2027, 1, 2), reason="fêtes"),
        "arras_closure": TemporaryClosureFactory(service=arras_service, starts_on=dt.date(2026, 8, 3),
                                                 ends_on=dt.date(2026, 8, 21), reason="congés"),
    }
