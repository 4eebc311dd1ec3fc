"""Who may do what on the action programme (``rules`` permissions), on the coordination roles.

- administrator: everything, and the questions of the inequalities lens;
- coordinator of a dispositif: edits its programme (axes, objectives, fiches actions,
  milestones, budget, indicators, targets, values, lens answers, self-assessment grid),
  imports and exports it, produces its annual review. A fiche action shared by two
  dispositifs (a CLS and its ASV) is edited by the coordinators of both;
- partner of a dispositif: reads all of its programme (budget, risks, lens, grid, annual
  review included) and **enters indicator values** — the pilots and partners of an action
  are usually the ones who count what was done — but changes nothing else, and neither
  corrects nor deletes a value;
- anyone, anonymous included: reads the axes, objectives, fiches actions, indicators and
  their values of a programme marked published (``is_published``) of a public dispositif;
  never its budget, risks, lens answers, grid or annual review;
- the coordinator or partner of another dispositif sees nothing private of this one.
Roles count on an object's ``role_scope()``: the dispositifs of the programmes it appears in.
"""

import rules

from sante_locale.accounts.rules import (
    is_administrator,
    is_authenticated,
    is_coordinator,
    is_partner,
)

__all__ = ["edits", "reads"]


@rules.predicate
def is_published(user, obj=None) -> bool:
    """The object appears in a published programme of a public dispositif."""
    return bool(obj is not None and getattr(obj, "shown_publicly", False))


edits = is_administrator | is_coordinator
reads = edits | is_partner

rules.add_perm("programme.add_programme", edits)  # on the dispositif
for model in ("programme", "axis", "objective", "action", "milestone", "indicator", "target", "indicatorvalue"):
    rules.add_perm(f"programme.view_{model}", reads | is_published)
    rules.add_perm(f"programme.change_{model}", edits)
    rules.add_perm(f"programme.delete_{model}", edits)
rules.add_perm("programme.add_indicatorvalue", reads & is_authenticated)  # on the indicator
for model in ("actionfunding", "lensanswer", "selfassessment", "characteristicscore"):
    rules.add_perm(f"programme.view_{model}", reads)
    rules.add_perm(f"programme.change_{model}", edits)
    rules.add_perm(f"programme.delete_{model}", edits)
rules.add_perm("programme.view_private", reads)  # budget, risks, lens, grid of a programme
rules.add_perm("programme.view_annual_review", reads)
rules.add_perm("programme.export_programme", reads)
rules.add_perm("programme.import_programme", edits)
rules.add_perm("programme.view_lensquestion", is_authenticated)
rules.add_perm("programme.change_lensquestion", is_administrator)
