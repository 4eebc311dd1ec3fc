"""Who may see and change the directory (``rules`` permissions).

- anyone, anonymous included: reads published services;
- the structure's editors (``editor`` role on the structure) and the coordinators of a
  dispositif whose perimeter covers the service's commune: edit the service, its stops and
  closures, and see it unpublished; administrators: everything;
- adding a service to a structure: whoever may edit that structure's services (the
  structure's editors, the coordinators covering its commune, administrators).
"""

import rules

from sante_locale.accounts.rules import is_administrator, is_authenticated, is_editor
from sante_locale.directory.permissions import coordinates_commune


def _service_of(obj):
    return getattr(obj, "service", obj)


@rules.predicate
def is_published(user, obj=None) -> bool:
    service = _service_of(obj)
    return bool(service is not None and getattr(service, "is_published", False))


@rules.predicate
def coordinates_its_commune(user, obj=None) -> bool:
    """A dispositif the user coordinates covers the commune of the service (or structure)."""
    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    return coordinates_commune(user, getattr(_service_of(obj), "commune", None))


edits = is_administrator | is_editor | coordinates_its_commune

rules.add_perm("directory.view_service", is_published | edits)
rules.add_perm("directory.add_service", edits)  # the object is the structure
rules.add_perm("directory.change_service", edits)
rules.add_perm("directory.delete_service", is_administrator | is_editor)
rules.add_perm("directory.view_stale_services", is_authenticated)  # the list shows only what one may edit
for model in ("mobilestop", "temporaryclosure"):
    rules.add_perm(f"directory.view_{model}", is_published | edits)
    rules.add_perm(f"directory.change_{model}", edits)
rules.add_perm("directory.view_directoryprofile", rules.always_allow)
rules.add_perm("directory.change_directoryprofile", is_administrator | is_editor)
rules.add_perm("directory.import_services", is_administrator)
