"""Who may see and change structures and people (``rules`` permissions).

Structures are organisations: anyone reads them. People are personal data: logged-in
users read them; administrators, the structure's editors and the coordinators of a
dispositif the structure takes part in change them.
"""

import rules

from sante_locale.accounts.rules import holds_role, is_administrator, is_authenticated, is_editor


@rules.predicate
def coordinates_a_partner_dispositif(user, obj=None) -> bool:
    """The user coordinates a dispositif the structure (of a person) carries or takes part in."""
    structure = getattr(obj, "structure", obj) if obj is not None else None
    if structure is None or structure.pk is None or not getattr(user, "is_authenticated", False):
        return False
    from django.db.models import Q

    from sante_locale.coordination.models import Dispositif

    dispositifs = Dispositif.objects.filter(Q(carrier=structure) | Q(partnerships__structure=structure)).distinct()
    return any(holds_role(user, d, ("coordinator",)) for d in dispositifs[:50])


@rules.predicate
def is_structure_editor(user, person=None) -> bool:
    structure = getattr(person, "structure", None)
    return structure is not None and is_editor(user, structure)


rules.add_perm("structures.view_structure", rules.always_allow)
rules.add_perm("structures.add_structure", is_authenticated)
rules.add_perm("structures.change_structure", is_administrator | is_editor | coordinates_a_partner_dispositif)
rules.add_perm("structures.delete_structure", is_administrator)
rules.add_perm("structures.view_person", is_authenticated)
rules.add_perm("structures.add_person", is_authenticated)
rules.add_perm("structures.change_person", is_administrator | is_structure_editor | coordinates_a_partner_dispositif)
rules.add_perm("structures.delete_person", is_administrator | is_structure_editor | coordinates_a_partner_dispositif)
