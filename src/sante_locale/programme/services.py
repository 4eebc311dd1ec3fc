"""Writes of the programme pages that are more than saving one form: the lens answers of an
action, a year's self-assessment grid, recording an observed value. Each in one transaction."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from sante_locale.core import clock
from sante_locale.core.programme.grid import CHARACTERISTICS
from sante_locale.programme.indicators import observed
from sante_locale.programme.models import (
    CharacteristicScore,
    Indicator,
    IndicatorValue,
    LensAnswer,
    SelfAssessment,
)


@transaction.atomic
def save_lens(action, answers: dict) -> int:
    """``answers``: question -> (answer key or "", justification). Returns how many changed."""
    changed = 0
    for question, (answer, justification) in answers.items():
        current = LensAnswer.objects.filter(action=action, question=question).first()
        if current is None:
            if answer or justification:
                LensAnswer.objects.create(action=action, question=question, answer=answer,
                                          justification=justification)
                changed += 1
        elif (current.answer, current.justification) != (answer, justification):
            current.answer, current.justification = answer, justification
            current.save()
            changed += 1
    return changed


@transaction.atomic
def save_grid(dispositif, year: int, participants: str, comment: str, scores: dict, comments: dict) -> SelfAssessment:
    """Create or update the grid of ``year``; ``scores`` and ``comments`` keyed by characteristic."""
    grid, created = SelfAssessment.objects.get_or_create(
        dispositif=dispositif, year=year, defaults={"participants": participants, "comment": comment})
    if not created and (grid.participants, grid.comment) != (participants, comment):
        grid.participants, grid.comment = participants, comment
        grid.save()
    for c in CHARACTERISTICS:
        score, text = scores.get(c.key), comments.get(c.key, "")
        row = CharacteristicScore.objects.filter(assessment=grid, characteristic=c.key).first()
        if row is None:
            CharacteristicScore.objects.create(assessment=grid, characteristic=c.key, score=score, comment=text)
        elif (row.score, row.comment) != (score, text):
            row.score, row.comment = score, text
            row.save()
    return grid


class NothingToRecord(Exception):
    """The observatory has no value for this indicator now (French message)."""


@transaction.atomic
def record_observed(indicator: Indicator, user) -> IndicatorValue:
    """Keep today's observed value of ``indicator`` with its source and vintage (a POST only)."""
    seen = observed(indicator)
    if seen is None or seen.value is None:
        raise NothingToRecord("L'observatoire ne donne pas de valeur pour cet indicateur aujourd'hui : "
                              + (seen.problem if seen else "il est saisi à la main."))
    note = "données fictives de démonstration" if seen.fictive else ""
    value, _ = IndicatorValue.objects.update_or_create(
        indicator=indicator, measured_on=clock.today(),
        defaults={"value": Decimal(str(round(seen.value, 4))), "source": seen.source[:300],
                  "vintage": str(seen.vintage)[:40], "note": note,
                  "entered_by": user if getattr(user, "pk", None) else None})
    return value
