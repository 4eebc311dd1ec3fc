"""The action programme of a dispositif (axes, objectifs, fiches actions), its indicators,
inequalities lens, self-assessment grid. Every model keeps a history.

Permissions are ``rules`` predicates over the coordination roles
(:mod:`sante_locale.programme.rules`); every object gives the dispositifs its roles count on
through ``role_scope()`` (an action shared by a CLS and its ASV counts on both).
"""

from sante_locale.programme.models.evaluation import (
           CharacteristicScore,
           LensAnswer,
           LensQuestion,
           SelfAssessment,
)
from sante_locale.programme.models.indicators import Indicator, IndicatorValue, Target
from sante_locale.programme.models.structure import (
           Action,
           ActionFunding,
           Axis,
           Milestone,
           Objective,
           Programme,
)

__all__ = ["Action", "ActionFunding", "Axis", "CharacteristicScore", "Indicator", "IndicatorValue", "LensAnswer",
           "LensQuestion", "Milestone", "Objective", "Programme", "SelfAssessment", "Target"]
