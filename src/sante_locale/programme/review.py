"""The annual review (bilan annuel) of a dispositif: gathered from the database into
:class:`~sante_locale.core.programme.review.AnnualReview`, written as DOCX (python-docx),
PDF (WeasyPrint, from the same template as the page) — reading only, never storing."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from sante_locale.coordination.models import PERIMETER_LEVELS, Decision, Dispositif
from sante_locale.core import charts, clock
from sante_locale.core.charts import fr_value
from sante_locale.core.formats import fr_number
from sante_locale.core.portrait.model import Chart
from sante_locale.core.programme import summaries
from sante_locale.core.programme.grid import CHARACTERISTICS, MAX_SCORE, SCORES, mean_score
from sante_locale.core.programme.lateness import is_late, next_due
from sante_locale.core.programme.review import AnnualReview, ReviewIndicator, ReviewTable
from sante_locale.core.programme.vocab import LENS_ANSWERS, QUESTIONS, STAGES, STATUSES
from sante_locale.programme.indicators import programme_indicators
from sante_locale.programme.models import (
    ActionFunding,
    LensAnswer,
    LensQuestion,
    Milestone,
    Programme,
    SelfAssessment,
)
from sante_locale.programme.queries import programme_actions

FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "pdf": "application/pdf"}


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _euros(value) -> str:
    return f"{fr_number(float(value or 0), 0)}\xa0€"


def timeline_chart(actions, title: str = "Calendrier des actions") -> Chart:
    rows = [{"label": f"{a.code} {a.title}", "start": a.starts_on, "end": a.ends_on, "status": a.status,
             "milestones": [(m.due_on, m.title) for m in a.milestones.all()]} for a in actions]
    return Chart("calendrier", title, "timeline", {"rows": rows, "statuses": STATUSES, "today": clock.today()},
                 description="Période de chaque fiche action, ses jalons et la date du jour.")


def radar_chart(series: dict[str, dict], title: str) -> Chart:
    return Chart("grille", title, "radar", {"axes": [c.label for c in CHARACTERISTICS],
                                            "series": {k: [v.get(c.key) for c in CHARACTERISTICS]
                                                       for k, v in series.items()}, "max": MAX_SCORE},
                 description="Notes de la grille d'autoévaluation, de 0 (absente) à 4 (affirmée).")


def _facts(dispositif: Dispositif, programme: Programme | None) -> list[tuple[str, str]]:
    try:
        perimeter = dispositif.perimeter
        where = f"{PERIMETER_LEVELS.get(dispositif.perimeter_level, '')} {perimeter.name if perimeter else ''}"
    except Exception:  # noqa: BLE001 - an unknown code still gives a review
        where = f"{PERIMETER_LEVELS.get(dispositif.perimeter_level, '')} {dispositif.perimeter_code}"
    facts = [("Type", dispositif.kind.name), ("Périmètre", where.strip()), ("Porteur", dispositif.carrier.name)]
    if dispositif.coordinator_id:
        fte = f", {fr_number(float(dispositif.coordinator_fte), 2)} ETP" if dispositif.coordinator_fte else ""
        facts.append(("Coordination", f"{dispositif.coordinator.full_name}{fte}"))
    if dispositif.starts_on or dispositif.ends_on:
        facts.append(("Période du contrat", f"du {_d(dispositif.starts_on)} au {_d(dispositif.ends_on)}"
                      if dispositif.ends_on else f"depuis le {_d(dispositif.starts_on)}"))
    facts.append(("Statut", dispositif.get_status_display()))
    if programme:
        years = f" ({programme.starts_year}-{programme.ends_year})" if programme.starts_year and str(
            programme.starts_year) not in programme.title else ""
        facts.append(("Programme", f"{programme.title}{years}"))
    return facts


def gather(dispositif: Dispositif, year: int) -> AnnualReview:
    """The review of ``dispositif`` for ``year`` (reads only)."""
    programme = Programme.objects.filter(dispositif=dispositif).first()
    review = AnnualReview({"name": dispositif.name, "pk": dispositif.pk}, year, _d(clock.today()),
                          fictive=dispositif.is_demo, facts=_facts(dispositif, programme))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    actions = programme_actions(programme) if programme else []
    actions.sort(key=lambda a: (a.placed_in.axis.order, a.placed_in.order, a.code))
    counts = summaries.status_counts(a.status for a in actions)
    running = [a for a in actions if (a.starts_on or dt.date.min) <= end and (a.ends_on or dt.date.max) >= start]
    milestones = Milestone.objects.filter(action__in=actions, due_on__range=(start, end))
    reached = milestones.filter(done_on__isnull=False, done_on__lte=end).count()
    described = ", ".join(f"{n} {STATUSES[k]}" + ("s" if n > 1 and not STATUSES[k].endswith("s")
                                                  and k not in ("late", "paused") else "")
                          for k, n in counts.items() if n)
    review.progress = [
        f"Le programme compte {len(actions)} fiche(s) action : {described or 'aucune'}." if actions else
        "Aucune fiche action n'est encore inscrite au programme.",
        f"En {year}, {len(running)} action(s) se déroulaient ; {reached} jalon(s) atteint(s) sur "
        f"{milestones.count()} prévu(s) dans l'année.",
    ]
    if actions:
        review.actions = ReviewTable(
            "Fiches actions du programme", ["Code", "Intitulé", "Axe", "Statut", "Pilotes", "Période"],
            [[a.code, a.title + (f" (partagée, portée par {a.shared_from})" if a.shared_from else ""),
              a.placed_in.axis.code, a.get_status_display(), ", ".join(s.name for s in a.pilots.all()) or "—",
              f"{_d(a.starts_on)} → {_d(a.ends_on)}"] for a in actions])
        review.timeline = timeline_chart(actions)
    if programme:
        review.indicators = [_indicator(i, year) for i in programme_indicators(programme)]
    _budget(review, actions, year)
    _decisions(review, dispositif, year)
    _grid(review, dispositif, year)
    _lens(review, actions)
    return review


def _indicator(indicator, year: int) -> ReviewIndicator:
    end = dt.date(year, 12, 31)
    at = min(clock.today(), end)
    values = [v for v in indicator.values.all() if v.measured_on <= end]
    targets = list(indicator.targets.all())
    f = lambda v: fr_value(float(v), indicator.decimals, indicator.unit)  # noqa: E731
    since = values[-1].measured_on if values else indicator.baseline_on
    late = indicator.mode == "entered" and is_late(since, indicator.frequency, today=at)
    parts = []
    if values:
        parts.append(f"Dernière valeur : {f(values[-1].value)} au {_d(values[-1].measured_on)}.")
    else:
        parts.append("Aucune valeur saisie à la fin de l'année.")
    if indicator.baseline_value is not None:
        parts.append(f"Situation de départ : {f(indicator.baseline_value)} au {_d(indicator.baseline_on)}.")
    if targets:
        t = next((t for t in targets if t.due_on >= at), targets[-1])
        parts.append(f"Cible : {f(t.value)} au {_d(t.due_on)}.")
    if late:
        parts.append(f"Valeur en retard : attendue le {_d(next_due(since, indicator.frequency))}.")
    rows = [[_d(v.measured_on), f(v.value), v.source + (f" ({v.vintage})" if v.vintage else "")] for v in values]
    rows += [[_d(t.due_on), f(t.value), "cible"] for t in targets]
    kind = ("Indicateur de population" if indicator.kind == "population" else
            f"Mesure de performance de l'action {indicator.action.code} — {QUESTIONS.get(indicator.question, '')}")
    chart = Chart(f"indicateur-{indicator.code}", f"{indicator.code} — {indicator.label}", "series",
                  {"points": [(v.measured_on, float(v.value)) for v in values],
                   "targets": [(t.due_on, float(t.value)) for t in targets],
                   "baseline": (indicator.baseline_on, float(indicator.baseline_value))
                   if indicator.baseline_on and indicator.baseline_value is not None else None,
                   "decimals": indicator.decimals}, unit=indicator.unit, source=indicator.source)
    table = ReviewTable("", ["Date", "Valeur", "Source"], rows, numeric=(1,))
    return ReviewIndicator(indicator.code, indicator.label, kind, " ".join(parts), table, chart, late)


def _budget(review: AnnualReview, actions, year: int) -> None:
    rows = [(f.funder.name, f.year, f.planned, f.obtained)
            for f in ActionFunding.objects.filter(action__in=actions).select_related("funder")]
    budget = summaries.budget(rows)
    if year not in budget.years:
        review.budget_summary = f"Aucun financement d'action n'est inscrit pour {year}."
        return
    planned, obtained = budget.by_year(year)
    share = f" ({fr_number(100 * obtained / planned, 0)}\xa0%)" if planned else ""
    review.budget_summary = (f"En {year}, {_euros(planned)} prévus pour les actions, {_euros(obtained)} obtenus"
                             f"{share}. Sur toute la durée du programme : {_euros(budget.total_planned)} prévus, "
                             f"{_euros(budget.total_obtained)} obtenus.")
    table_rows = []
    for funder in budget.funders:
        p, o = budget.cell(funder, year)
        if p or o:
            table_rows.append([funder, _euros(p), _euros(o)])
    table_rows.append(["Total", _euros(planned), _euros(obtained)])
    review.budget = ReviewTable(f"Financements des actions en {year}, par financeur",
                                ["Financeur", "Prévu", "Obtenu"], table_rows, numeric=(1, 2))


def _decisions(review: AnnualReview, dispositif: Dispositif, year: int) -> None:
    decisions = (Decision.objects.filter(meeting__body__dispositifs=dispositif, meeting__starts_at__year=year)
                 .select_related("meeting__body", "owner").order_by("meeting__starts_at", "pk").distinct())
    review.decisions = ReviewTable(
        f"Décisions prises en {year} par les instances du dispositif",
        ["Date", "Instance", "Décision", "Responsable", "Échéance", "Suivi"],
        [[_d(timezone.localtime(d.meeting.starts_at).date()), d.meeting.body.name, d.text, d.owner.full_name, _d(d.due_on), d.get_status_display()] for d in decisions])


def _grid(review: AnnualReview, dispositif: Dispositif, year: int) -> None:
    grids = {g.year: g for g in SelfAssessment.objects.filter(dispositif=dispositif, year__in=[year - 1, year])
             .prefetch_related("characteristic_scores")}
    current = grids.get(year)
    if current is None:
        review.grid_summary = f"La grille d'autoévaluation n'a pas été remplie pour {year}."
        return
    scores = current.scores()
    before = grids[year - 1].scores() if year - 1 in grids else {}
    comments = {s.characteristic: s.comment for s in current.characteristic_scores.all()}
    mean = mean_score(scores)
    review.grid_summary = (f"Note moyenne {fr_number(mean, 1)} sur {MAX_SCORE}." if mean is not None else "") + (
        f" Grille remplie par : {current.participants}." if current.participants else "")
    headers = ["Caractéristique"] + ([f"Note {year - 1}"] if before else []) + [f"Note {year}", "Commentaire"]
    rows = []
    for c in CHARACTERISTICS:
        now = scores.get(c.key)
        label = "—" if now is None else f"{now} ({SCORES[now]})"
        row = [c.label] + (["—" if before.get(c.key) is None else str(before[c.key])] if before else [])
        rows.append(row + [label, comments.get(c.key, "")])
    review.grid = ReviewTable(f"Grille d'autoévaluation {year}", headers, rows)
    series = ({str(year - 1): before} if before else {}) | {str(year): scores}
    review.grid_chart = radar_chart(series, f"Grille d'autoévaluation {year}"
                                    + (f" comparée à {year - 1}" if before else ""))


def _lens(review: AnnualReview, actions) -> None:
    questions = list(LensQuestion.objects.filter(is_active=True))
    if not actions or not questions:
        review.lens_summary = "La lentille inégalités n'a pas encore été appliquée aux actions."
        return
    answers = {(a.action_id, a.question_id): a.answer for a in LensAnswer.objects.filter(action__in=actions)}
    pairs = [(q.stage, answers.get((a.pk, q.pk)) or None) for a in actions for q in questions]
    summary = summaries.lens(pairs, len(actions))
    missing = summary.missing
    review.lens_summary = ("La lentille est appliquée à toutes les étapes." if not missing else
                           "La lentille manque (question sans réponse ou réponse « non ») aux étapes : "
                           + ", ".join(missing) + ".")
    rows = []
    for stage, label in STAGES.items():
        c = summary.stages.get(stage, Counter())
        rows.append([label] + [str(c.get(k, 0)) for k in LENS_ANSWERS] + [str(c.get("missing", 0))])
    review.lens = ReviewTable("Réponses de la lentille inégalités, toutes actions et questions",
                              ["Étape"] + [v.capitalize() for v in LENS_ANSWERS.values()] + ["Sans réponse"], rows,
                              numeric=(1, 2, 3, 4, 5))


def page_context(review: AnnualReview) -> dict:
    """The review with every chart drawn (the page and the PDF)."""
    return {"review": review,
            "timeline_svg": charts.render(review.timeline, 900) if review.timeline else "",
            "indicator_blocks": [(b, charts.render(b.chart, 700) if b.chart else "") for b in review.indicators],
            "grid_svg": charts.render(review.grid_chart, 560) if review.grid_chart else ""}


def write_pdf(review: AnnualReview, target) -> None:
    import weasyprint

    html = render_to_string("www/programme/bilan_pdf.html", page_context(review))
    weasyprint.HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf(target)


def write(review: AnnualReview, fmt: str, target) -> None:
    if fmt == "docx":
        from sante_locale.core.programme.review_docx import write_docx

        write_docx(review, target)
    elif fmt == "pdf":
        write_pdf(review, target)
    else:
        raise ValueError(f"Format « {fmt} » inconnu : docx ou pdf.")


def file_name(dispositif: Dispositif, year: int, fmt: str) -> str:
    from django.utils.text import slugify

    return f"bilan-{year}-{slugify(dispositif.name)[:60] or dispositif.pk}.{fmt}"
