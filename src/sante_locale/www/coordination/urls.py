"""Addresses of the « Coordonner » pages (included by ``www/urls.py``)."""

from django.urls import path

from sante_locale.www.coordination import (
    views_articulation as articulation,
)
from sante_locale.www.coordination import (
    views_dispositifs as dispositifs,
)
from sante_locale.www.coordination import (
    views_governance as governance,
)
from sante_locale.www.coordination import (
    views_structures as structures,
)

urlpatterns = [
    # dispositifs
    path("dispositifs/", dispositifs.dispositif_list, name="dispositif_list"),
    path("dispositifs/nouveau/", dispositifs.dispositif_new, name="dispositif_new"),
    path("dispositifs/<int:pk>/", dispositifs.dispositif_detail, name="dispositif"),
    path("dispositifs/<int:pk>/modifier/", dispositifs.dispositif_edit, name="dispositif_edit"),
    path("dispositifs/<int:pk>/export.<str:fmt>", dispositifs.dispositif_export, name="dispositif_export"),
    path("dispositifs/<int:pk>/partenaires/nouveau/", dispositifs.partnership_new, name="partnership_new"),
    path("dispositifs/<int:pk>/partenaires/<int:item>/retirer/", dispositifs.partnership_delete,
         name="partnership_delete"),
    path("dispositifs/<int:pk>/financements/nouveau/", dispositifs.funding_new, name="funding_new"),
    path("dispositifs/<int:pk>/financements/<int:item>/modifier/", dispositifs.funding_new, name="funding_edit"),
    path("dispositifs/<int:pk>/financements/<int:item>/supprimer/", dispositifs.funding_delete, name="funding_delete"),
    path("dispositifs/<int:pk>/liens/nouveau/", dispositifs.link_new, name="link_new"),
    path("dispositifs/<int:pk>/liens/<int:item>/supprimer/", dispositifs.link_delete, name="link_delete"),
    path("dispositifs/<int:pk>/commentaires/", dispositifs.comment_new, name="comment_new"),
    path("dispositifs/<int:pk>/roles/", dispositifs.dispositif_roles, name="dispositif_roles"),
    path("dispositifs/<int:pk>/roles/<int:item>/retirer/", dispositifs.role_delete, name="role_delete"),
    # governance
    path("dispositifs/<int:pk>/instances/nouvelle/", governance.body_new, name="body_new"),
    path("dispositifs/<int:pk>/reunions/nouvelle/", governance.meeting_new, name="meeting_new"),
    path("dispositifs/<int:pk>/agenda/", governance.dispositif_agenda, name="dispositif_agenda"),
    path("dispositifs/<int:pk>/agenda.ics", governance.dispositif_agenda_ics, name="dispositif_agenda_ics"),
    path("instances/<int:pk>/", governance.body_detail, name="body"),
    path("instances/<int:pk>/modifier/", governance.body_edit, name="body_edit"),
    path("instances/<int:pk>/membres/nouveau/", governance.member_new, name="member_new"),
    path("instances/<int:pk>/membres/<int:item>/retirer/", governance.member_delete, name="member_delete"),
    path("reunions/<int:pk>/", governance.meeting_detail, name="meeting"),
    path("reunions/<int:pk>/modifier/", governance.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/ordre-du-jour/nouveau/", governance.agenda_item_new, name="agenda_item_new"),
    path("reunions/<int:pk>/presences/nouvelle/", governance.attendance_new, name="attendance_new"),
    path("reunions/<int:pk>/decisions/nouvelle/", governance.decision_new, name="decision_new"),
    path("decisions/a-suivre/", governance.decisions_pending, name="decisions_pending"),
    path("decisions/<int:pk>/suivi/", governance.decision_follow_up, name="decision_follow_up"),
    path("mon-agenda/", governance.my_agenda, name="my_agenda"),
    path("mon-agenda.ics", governance.my_agenda_ics, name="my_agenda_ics"),
    path("agendas/abonnements/", governance.calendar_tokens, name="calendar_tokens"),
    path("agendas/abonnements/<int:pk>/revoquer/", governance.calendar_token_revoke, name="calendar_token_revoke"),
    path("agendas/<str:key>.ics", governance.calendar_feed, name="calendar_feed"),
    # structures
    path("structures/", structures.structure_list, name="structure_list"),
    path("structures/nouvelle/", structures.structure_new, name="structure_new"),
    path("structures/<int:pk>/", structures.structure_detail, name="structure"),
    path("structures/<int:pk>/modifier/", structures.structure_edit, name="structure_edit"),
    path("structures/<int:pk>/personnes/nouvelle/", structures.person_new, name="person_new"),
    path("personnes/<int:pk>/modifier/", structures.person_edit, name="person_edit"),
    path("personnes/<int:pk>/effacer/", structures.person_erase, name="person_erase"),
    # articulation
    path("articulation/", articulation.choose, name="articulation_choose"),
    path("articulation/<str:level>/<str:code>/", articulation.page, name="articulation"),
    path("articulation/<str:level>/<str:code>/export.<str:fmt>", articulation.export, name="articulation_export"),
]
