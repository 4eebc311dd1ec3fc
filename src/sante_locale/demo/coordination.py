"""The coordination part of the demonstration scenario (« scénario de démonstration »).

Public facts only: the CA de Lens-Liévin (SIREN 246200364) and the CA d'Hénin-Carvin
(246200299); the CLS of Lens-Liévin signed in September 2019 (signatories: the
agglomeration, the ARS, the CANSSM, the CH de Lens, the Éducation nationale, a CPTS);
the CLS of Hénin-Carvin signed in December 2019; a CLSM created in 2015 across both
agglomerations, which contributed to both CLS and cooperates with the CLSM of Béthune and
of Arras; an ASV in the priority neighbourhoods of Lens-Liévin whose comité de pilotage is
shared with the CLS; the CPTS Liévin Pays d'Artois (formed at the end of 2017) on part of
the CA. Days of the month, amounts, FTE, meetings, decisions and every person are
fictitious and said so; the CPTS and the Béthune and Arras CLSM perimeters are
illustrative. One demo account per role, with a random password kept beside the other
demo credentials. Idempotent: a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from sante_locale.accounts.models import grant
from sante_locale.config import env
from sante_locale.coordination.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyMember,
    Decision,
    Dispositif,
    DispositifKind,
    DispositifLink,
    Funding,
    Meeting,
    Partnership,
)
from sante_locale.demo import names as n
from sante_locale.structures.models import Person, Structure
from sante_locale.territories.custom import save_territory
from sante_locale.territories.models import QPV, Commune, Territory

PARIS = ZoneInfo("Europe/Paris")
LABEL = f"Fait partie du {n.DEMO_LABEL} : faits publics ; montants, ETP et personnes fictifs."
CREDENTIALS = "identifiants-demo-coordination.txt"
#: role -> (username, French description)
ACCOUNTS = {
    "administrator": ("demo-admin", "administratrice"),
    "cls_coordinator": ("demo-coord-cls", "coordinatrice du CLS de Lens-Liévin"),
    "clsm_coordinator": ("demo-coord-clsm", "coordinateur du CLSM"),
    "partner": ("demo-partenaire", "partenaire du CLS de Lens-Liévin (ARS)"),
}
CPTS_COMMUNES = ("Liévin", "Angres", "Éleu-dit-Leauwette", "Givenchy-en-Gohelle", "Souchez", "Ablain-Saint-Nazaire")
BETHUNE, ARRAS = "62119", "62041"


def seed() -> list[str]:
    """Create the scenario if missing; return French lines for ``sante-locale demo``."""
    if not Commune.objects.filter(epci__epci_siren=n.EPCI_LENS_LIEVIN).exists():
        return ["Scénario de coordination non créé : le Pas-de-Calais n'est pas dans le référentiel chargé."]
    accounts = _accounts()
    if Dispositif.objects.filter(name=n.CLS_LENS_LIEVIN, is_demo=True).exists():
        lines = ["Scénario de démonstration « Coordonner » déjà présent."]
    else:
        with transaction.atomic():
            _scenario(accounts)
        lines = ["Scénario de démonstration « Coordonner » créé : 2 CLS, 3 CLSM, 1 ASV, 1 CPTS, un COPIL partagé "
                 "CLS–ASV, réunions et décisions (personnes fictives)."]
    lines.append(f"Comptes de démonstration par rôle (gardés dans {env.home() / CREDENTIALS}) :")
    for role, (username, password) in accounts.items():
        lines.append(f"  {ACCOUNTS[role][1]} : identifiant « {username} », mot de passe « {password} »")
    return lines


def _accounts() -> dict[str, tuple[str, str]]:
    """One account per role, random passwords kept (0600) beside the demo credentials."""
    path = env.home() / CREDENTIALS
    known = {}
    if path.exists():
        for line in path.read_text().splitlines():
            parts = line.split(":", 2)
            if len(parts) == 3:
                known[parts[0]] = (parts[1], parts[2])
    out = {}
    for role, (username, _) in ACCOUNTS.items():
        out[role] = known.get(role, (username, secrets.token_urlsafe(12)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{role}:{u}:{p}\n" for role, (u, p) in out.items()))
    path.chmod(0o600)
    users = get_user_model().objects
    for role, (username, password) in out.items():
        user, _ = users.get_or_create(username=username, defaults={"first_name": "Démo"})
        changed = not user.check_password(password)
        if changed:
            user.set_password(password)
        if role == "administrator" and not user.is_staff:
            user.is_staff, changed = True, True
        if changed:
            user.save()
    return out


def _structure(name: str, kind: str, **fields) -> Structure:
    structure, _ = Structure.objects.get_or_create(name=name, defaults={"kind": kind, "description": LABEL, **fields})
    return structure


def _person(first: str, last: str, function: str, structure: Structure, username: str | None = None) -> Person:
    user = get_user_model().objects.filter(username=username).first() if username else None
    person, _ = Person.objects.get_or_create(first_name=first, last_name=last, structure=structure,
                                             defaults={"function": f"{function} (personne fictive)", "user": user})
    return person


def _territory(owner, name: str, communes: list[Commune]) -> Territory:
    existing = Territory.objects.filter(owner=owner, name=name).first()
    return existing or save_territory(owner, name, LABEL, communes, visibility="public")


def _kind(key: str) -> DispositifKind:
    return DispositifKind.objects.get(key=key)


def _dispositif(name: str, kind: str, carrier: Structure, level: str, code: str, territory=None, **fields) -> Dispositif:
    return Dispositif.objects.create(name=name, kind=_kind(kind), carrier=carrier, perimeter_level=level,
                                     perimeter_code=code, perimeter_territory=territory, is_demo=True, is_public=True,
                                     description=fields.pop("description", LABEL), **fields)


def _scenario(accounts: dict) -> None:
    users = {role: get_user_model().objects.get(username=u) for role, (u, _) in accounts.items()}
    admin = users["administrator"]
    ll_communes = list(Commune.objects.filter(epci__epci_siren=n.EPCI_LENS_LIEVIN, kind="COM"))
    hc_communes = list(Commune.objects.filter(epci__epci_siren=n.EPCI_HENIN_CARVIN, kind="COM"))

    ca_ll = _structure(n.CA_LENS_LIEVIN, "epci", commune=Commune.objects.filter(insee_code="62498").first())
    ca_hc = _structure(n.CA_HENIN_CARVIN, "epci", commune=Commune.objects.filter(insee_code="62427").first())
    ars = _structure(n.ARS, "ars")
    canssm = _structure(n.CANSSM, "health_insurance")
    ch_lens = _structure(n.CH_LENS, "hospital", commune=Commune.objects.filter(insee_code="62498").first())
    education = _structure(n.EDUCATION, "education")
    cpts = _structure(n.CPTS_LIEVIN, "cpts", commune=Commune.objects.filter(insee_code="62510").first())
    bethune = _structure("Ville de Béthune", "commune", commune=Commune.objects.filter(insee_code=BETHUNE).first())
    arras = _structure("Ville d'Arras", "commune", commune=Commune.objects.filter(insee_code=ARRAS).first())

    claire = _person("Claire", "Dumoulin", "coordinatrice du contrat local de santé", ca_ll,
                     accounts["cls_coordinator"][0])
    hugo = _person("Hugo", "Lefebvre", "coordinateur du conseil local de santé mentale", ca_ll,
                   accounts["clsm_coordinator"][0])
    nadia = _person("Nadia", "Benali", "chargée de mission santé", ca_hc)
    louise = _person("Louise", "Caron", "coordinatrice de l'atelier santé ville", ca_ll)
    marc = _person("Marc", "Delattre", "délégué départemental", ars, accounts["partner"][0])
    sophie = _person("Sophie", "Vandamme", "cadre de santé", ch_lens)
    julien = _person("Julien", "Wattel", "coordinateur de la CPTS", cpts)

    union = _territory(admin, "Périmètre du CLSM Lens-Liévin et Hénin-Carvin (démonstration)", ll_communes + hc_communes)
    qpv_communes = list(Commune.objects.filter(pk__in=QPV.communes.through.objects.filter(
        commune__in=ll_communes).values("commune_id")).order_by("insee_code"))
    qpv_communes = qpv_communes or list(Commune.objects.filter(insee_code__in=["62498", "62510"]))
    asv_area = _territory(admin, "Quartiers prioritaires de Lens-Liévin (ASV, démonstration)", qpv_communes)
    cpts_area = _territory(admin, "CPTS Liévin Pays d'Artois (périmètre illustratif, démonstration)",
                           [c for c in ll_communes if c.name in CPTS_COMMUNES])

    cls_ll = _dispositif(n.CLS_LENS_LIEVIN, "cls", ca_ll, "epci", n.EPCI_LENS_LIEVIN, coordinator=claire,
                         coordinator_fte=1, signed_on=dt.date(2019, 9, 1), starts_on=dt.date(2019, 9, 1),
                         description=f"Signé en septembre 2019 (le jour est fictif). {LABEL}")
    cls_hc = _dispositif(n.CLS_HENIN_CARVIN, "cls", ca_hc, "epci", n.EPCI_HENIN_CARVIN, coordinator=nadia,
                         coordinator_fte=0.5, signed_on=dt.date(2019, 12, 1), starts_on=dt.date(2019, 12, 1),
                         description=f"Signé en décembre 2019 (le jour est fictif). {LABEL}")
    clsm = _dispositif(n.CLSM, "clsm", ca_ll, "territoire", union.slug, union, coordinator=hugo, coordinator_fte=0.8,
                       starts_on=dt.date(2015, 1, 1), description=f"Créé en 2015 sur les deux agglomérations. {LABEL}")
    clsm_bethune = _dispositif(n.CLSM_BETHUNE, "clsm", bethune, "commune", BETHUNE,
                               description=f"Périmètre simplifié à la commune de Béthune. {LABEL}")
    clsm_arras = _dispositif(n.CLSM_ARRAS, "clsm", arras, "commune", ARRAS,
                             description=f"Périmètre simplifié à la commune d'Arras. {LABEL}")
    asv = _dispositif(n.ASV_LENS_LIEVIN, "asv", ca_ll, "territoire", asv_area.slug, asv_area, coordinator=louise,
                      coordinator_fte=0.5, description=f"Dans les quartiers prioritaires de Lens-Liévin. {LABEL}")
    cpts_d = _dispositif(n.CPTS_DISPOSITIF, "cpts", cpts, "territoire", cpts_area.slug, cpts_area, coordinator=julien,
                         coordinator_fte=0.6, starts_on=dt.date(2017, 12, 1),
                         description=f"Formée fin 2017 ; couvre une partie de la CA (périmètre illustratif). {LABEL}")

    for structure in (ca_ll, ars, canssm, ch_lens, education, cpts):
        Partnership.objects.create(dispositif=cls_ll, structure=structure, role="signatory")
    for structure in (ca_hc, ars):
        Partnership.objects.create(dispositif=cls_hc, structure=structure, role="signatory")
    Partnership.objects.create(dispositif=cls_ll, structure=ars, role="funder", representative=marc)
    for structure in (ars, ch_lens, ca_hc):
        Partnership.objects.create(dispositif=clsm, structure=structure, role="partner")
    Partnership.objects.create(dispositif=asv, structure=ars, role="funder")
    for d, funder, amount in ((cls_ll, ars, 60000), (cls_ll, ca_ll, 30000), (cls_hc, ars, 30000),
                              (clsm, ars, 40000), (asv, ca_ll, 25000), (cpts_d, ars, 50000)):
        Funding.objects.create(dispositif=d, funder=funder, amount=amount, year=2025,
                               purpose="montant fictif (données fictives)")
    DispositifLink.objects.create(source=clsm, target=cls_ll, kind="contributes_to")
    DispositifLink.objects.create(source=clsm, target=cls_hc, kind="contributes_to")
    DispositifLink.objects.create(source=clsm, target=clsm_bethune, kind="cooperates_with")
    DispositifLink.objects.create(source=clsm, target=clsm_arras, kind="cooperates_with")

    grant(users["cls_coordinator"], "coordinator", cls_ll)
    grant(users["clsm_coordinator"], "coordinator", clsm)
    grant(users["partner"], "partner", cls_ll)

    copil = Body.objects.create(name=n.COPIL_CLS_ASV, kind="copil", description=LABEL)
    copil.dispositifs.set([cls_ll, asv])
    for person, structure, function in ((claire, ca_ll, "secrétariat"), (louise, ca_ll, ""), (marc, ars, ""),
                                        (sophie, ch_lens, "")):
        BodyMember.objects.create(body=copil, person=person, structure=structure, function=function)
    clsm_plenary = Body.objects.create(name="Assemblée plénière du CLSM", kind="plenary", description=LABEL)
    clsm_plenary.dispositifs.set([clsm])

    held = Meeting.objects.create(body=copil, title="Comité de pilotage du CLS et de l'ASV",
                                  starts_at=dt.datetime(2026, 6, 18, 14, tzinfo=PARIS),
                                  ends_at=dt.datetime(2026, 6, 18, 16, tzinfo=PARIS),
                                  place="Hôtel communautaire, Lens", status="held",
                                  minutes="Compte rendu fictif : point d'étape des fiches actions. (données fictives)")
    planned = Meeting.objects.create(body=copil, title="Comité de pilotage annuel du CLS et de l'ASV",
                                     starts_at=dt.datetime(2027, 1, 21, 14, tzinfo=PARIS),
                                     ends_at=dt.datetime(2027, 1, 21, 16, 30, tzinfo=PARIS),
                                     place="Hôtel communautaire, Lens")
    for order, title in enumerate(("Bilan de l'année (données fictives)", "Avenant au contrat local de santé",
                                   "Articulation avec le CLSM et la CPTS"), 1):
        AgendaItem.objects.create(meeting=planned, order=order, title=title)
    for person in (claire, louise, marc, sophie):
        Attendance.objects.create(meeting=planned, person=person, status="invited")
        Attendance.objects.create(meeting=held, person=person, status="present")
    Decision.objects.create(meeting=held, text="Transmettre le bilan des actions de prévention à l'ARS.",
                            owner=claire, due_on=dt.date(2026, 9, 30), status="in_progress")
    Decision.objects.create(meeting=held, text="Organiser une rencontre entre l'ASV et la CPTS.", owner=louise,
                            due_on=dt.date(2027, 2, 28))
    Decision.objects.create(meeting=held, text="Publier l'annuaire des partenaires du CLS.", owner=claire,
                            due_on=dt.date(2026, 7, 15), status="done", done_on=dt.date(2026, 7, 10))
    Meeting.objects.create(body=clsm_plenary, title="Assemblée plénière du CLSM", is_public=True,
                           starts_at=dt.datetime(2027, 2, 4, 9, 30, tzinfo=PARIS), place="Liévin")
