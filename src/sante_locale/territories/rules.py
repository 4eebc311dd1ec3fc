"""Who may see and change a custom territory (a perimeter): the ``rules`` permissions.

A custom territory is private by default (its owner, the users it is shared with, the
administrators), shared with every logged-in user, or public (anonymous visitors too).
"""

import rules

from sante_locale.accounts.rules import (
    is_administrator,
    is_authenticated,
    is_editor,
    is_owner,
    is_public,
    is_reader,
)


@rules.predicate
def is_shared(user, territory=None) -> bool:
    return territory is not None and territory.visibility in ("shared", "public")


can_change = is_administrator | is_owner | is_editor
can_view = is_public | can_change | is_reader | (is_authenticated & is_shared)

rules.add_perm("territories.view_territory", can_view)
rules.add_perm("territories.add_territory", is_authenticated)
rules.add_perm("territories.change_territory", can_change)
rules.add_perm("territories.delete_territory", is_administrator | is_owner)
rules.add_perm("territories.share_territory", is_administrator | is_owner)
