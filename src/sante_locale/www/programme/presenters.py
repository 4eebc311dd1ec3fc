"""What the programme pages show, prepared from the app's readers (no computation here
beyond arranging: the figures come from ``sante_locale.programme`` and ``core``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sante_locale.accounts.access import allowed
from sante_locale.core import charts
from sante_locale.core.formats import fr_number
from sante_locale.core.programme import summaries
from sante_locale.core.programme.grid import (
    CHARACTERISTICS,
    MAX_SCORE,
    SCORES,
    evolution,
    mean_score,
)
from sante_locale.core.programme.vocab import LENS_ANSWERS, STAGES, STATUSES
from sante_locale.programme.models import ActionFunding, LensAnswer, LensQuestion, SelfAssessment
from sante_locale.programme.queries import SORTS, ActionFilter, same_territory
from sante_locale.programme.review import radar_chart, timeline_chart
from sante_locale.structures.models import Structure

TABS = [("programme", "Programme"), ("programme_timeline", "Calendrier"), ("programme_budget", "Budget"),
        ("programme_indicators", "Indicateurs"), ("programme_lens", "Lentille inégalités"),
        ("programme_grid", "Grille d'autoévaluation"), ("programme_review", "Bilan annuel")]
PRIVATE_TABS = {"programme_budget", "programme_lens", "programme_grid", "programme_review"}


def frame(request, dispositif, programme, current: str) -> dict:
    """What every programme page shares: the dispositif, rights, tabs."""
    user = request.user
    can_private = allowed(user, "programme.view_private", dispositif)
    return {
        "dispositif": dispositif, "programme": programme, "current_tab": current,
        "tabs": [(name, label) for name, label in TABS if can_private or name not in PRIVATE_TABS],
        "can_edit": programme is not None and allowed(user, "programme.change_programme", programme),
        "can_private": can_private,
        "fictive": dispositif.is_demo,
    }


def euros(value) -> str:
    return f"{fr_number(float(value or 0), 0)}\xa0€"


def action_filter(query) -> ActionFilter:
    """The filter of the list of actions from the query string (unknown values are ignored)."""
    f = ActionFilter(text=query.get("q", "").strip()[:100], axis=query.get("axe", "").strip()[:20],
                     commune=query.get("commune", "").strip()[:5], qpv=query.get("qpv", "").strip()[:10],
                     sort=query.get("tri", "code") if query.get("tri") in SORTS else "code",
                     descending=query.get("ordre") == "desc")
    for name, choices in ActionFilter.CHOICES.items():
        setattr(f, name, [v for v in query.getlist(name) if v in choices])
    structure, year = query.get("structure", ""), query.get("annee", "")
    f.structure = int(structure) if structure.isdigit() else None
    f.year = int(year) if year.isdigit() and 1990 <= int(year) <= 2100 else None
    return f


def filter_choices(programme, actions) -> dict:
    structure_ids = {s.pk for a in actions for s in [*a.pilots.all(), *a.partners.all()]}
    years = sorted({y for a in actions for y in _years(a)})
    return {"choices": {name: list(c.items()) for name, c in ActionFilter.CHOICES.items()},
            "axes": list(programme.axes.all()), "sorts": [(k, v[0]) for k, v in SORTS.items()],
            "structures": Structure.objects.filter(pk__in=structure_ids).order_by("name"), "years": years}


def _years(action) -> list[int]:
    if not action.starts_on:
        return []
    return list(range(action.starts_on.year, (action.ends_on or action.starts_on).year + 1))


def tree(programme, actions) -> list[dict]:
    """Axes → objectives → the given actions, in order (empty objectives kept)."""
    by_objective: dict[int, list] = {}
    for a in actions:
        by_objective.setdefault(a.placed_in.pk, []).append(a)
    out = []
    for axis in programme.axes.prefetch_related("objectives"):
        objectives = [{"objective": o, "actions": by_objective.get(o.pk, [])} for o in axis.objectives.all()]
        out.append({"axis": axis, "objectives": objectives})
    return out


def status_summary(actions) -> list[tuple[str, str, int]]:
    counts = summaries.status_counts(a.status for a in actions)
    return [(k, STATUSES[k], n) for k, n in counts.items() if n]


def timeline(actions) -> str:
    return charts.render(timeline_chart(actions), 960)


def budget(actions) -> dict:
    rows = [(f.funder.name, f.year, f.planned, f.obtained)
            for f in ActionFunding.objects.filter(action__in=actions).select_related("funder")]
    b = summaries.budget(rows)
    table = []
    for funder in b.funders:
        cells = [b.cell(funder, y) for y in b.years]
        total = b.by_funder(funder)
        table.append({"funder": funder, "cells": [(euros(p), euros(o)) for p, o in cells],
                      "total": (euros(total[0]), euros(total[1]))})
    totals = [b.by_year(y) for y in b.years]
    per_action = []
    for a in actions:
        lines = list(a.fundings.all())
        if lines:
            per_action.append({"action": a, "planned": euros(sum(f.planned for f in lines)),
                               "obtained": euros(sum(f.obtained or 0 for f in lines))})
    share = b.obtained_share
    return {"budget": b, "rows": table, "totals": [(euros(p), euros(o)) for p, o in totals],
            "total": (euros(b.total_planned), euros(b.total_obtained)),
            "share": f"{fr_number(100 * share, 0)}\xa0%" if share is not None else "—", "per_action": per_action}


def lens_matrix(actions) -> dict:
    """Per action and stage: answered/asked and whether a « non » or a gap remains."""
    questions = list(LensQuestion.objects.filter(is_active=True))
    answers = {(a.action_id, a.question_id): a.answer for a in LensAnswer.objects.filter(action__in=actions)}
    rows = []
    for action in actions:
        cells = []
        for stage, label in STAGES.items():
            asked = [q for q in questions if q.stage == stage]
            given = Counter(answers.get((action.pk, q.pk)) or "missing" for q in asked)
            gap = given.get("missing", 0) + given.get("no", 0)
            cells.append({"stage": label, "asked": len(asked), "answered": len(asked) - given.get("missing", 0),
                          "no": given.get("no", 0), "gap": gap})
        rows.append({"action": action, "cells": cells, "gaps": sum(c["gap"] for c in cells)})
    pairs = [(q.stage, answers.get((a.pk, q.pk)) or None) for a in actions for q in questions]
    summary = summaries.lens(pairs, len(actions))
    stage_rows = [{"label": STAGES[s], "counts": [summary.stages[s].get(k, 0) for k in LENS_ANSWERS],
                   "missing": summary.stages[s].get("missing", 0)} for s in STAGES]
    return {"rows": rows, "stages": list(STAGES.values()), "summary": summary, "stage_rows": stage_rows,
            "answers": list(LENS_ANSWERS.values()), "n_questions": len(questions)}


def grid_history(dispositif) -> dict:
    grids = list(SelfAssessment.objects.filter(dispositif=dispositif).order_by("year")
                 .prefetch_related("characteristic_scores"))
    by_year = {g.year: g.scores() for g in grids}
    rows = []
    years = [g.year for g in grids]
    for c in CHARACTERISTICS:
        scores = [by_year[y].get(c.key) for y in years]
        change = evolution({c.key: scores[-2]}, {c.key: scores[-1]})[c.key] if len(scores) > 1 else None
        rows.append({"characteristic": c, "scores": scores, "change": change})
    means = [mean_score(by_year[y]) for y in years]
    recent = {str(y): by_year[y] for y in years[-3:]}
    return {"grids": grids, "years": years, "rows": rows,
            "means": ["—" if m is None else fr_number(m, 1) for m in means],
            "radar": charts.render(radar_chart(recent, "Grille d'autoévaluation, année par année"), 640)
            if grids else "", "max": MAX_SCORE, "scores": SCORES}


def grid_comparison(dispositif, user, year: int) -> dict:
    """The grid of ``year`` of this dispositif and of the others of its territory the user may read."""
    others = same_territory(dispositif, user)
    grids = {g.dispositif_id: g for g in SelfAssessment.objects.filter(
        dispositif__in=[dispositif, *others], year=year).prefetch_related("characteristic_scores")}
    columns = [d for d in [dispositif, *others] if d.pk in grids]
    rows = [{"characteristic": c, "scores": [grids[d.pk].scores().get(c.key) for d in columns]}
            for c in CHARACTERISTICS]
    series = {d.name: grids[d.pk].scores() for d in columns}
    years = sorted(set(SelfAssessment.objects.filter(dispositif__in=[dispositif, *others])
                       .values_list("year", flat=True)))
    return {"columns": columns, "rows": rows, "others": others, "year": year, "years": years,
            "radar": charts.render(radar_chart(series, f"Grilles {year} des dispositifs du territoire"), 640)
            if columns else ""}


def default_year() -> int:
    from sante_locale.core import clock

    today = clock.today()
    return today.year if today >= dt.date(today.year, 10, 1) else today.year - 1


def fr_indicator(indicator, value) -> str:
    from sante_locale.core.charts import fr_value

    return fr_value(float(value), indicator.decimals, indicator.unit)
