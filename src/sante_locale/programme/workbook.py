"""A whole programme to and from the workbook of :mod:`sante_locale.core.programme.workbook`.

Export writes every level (programme, axes, objectives, fiches actions, milestones, budget,
indicators, targets, values, lens answers). Import reads the file, checks every cell and
every reference to the database (structures by name or SIRET, communes by INSEE code, QPV
by code, lens questions by key, the body by name, shared objectives by « dispositif ›
code »), then, only when no problem remains, brings the programme to the file's content in
one transaction: rows are matched by their codes, changed only when they differ, and what
the file no longer lists is deleted. ``dry_run`` does all of it and rolls back, to report.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from sante_locale.coordination.models import Body, Dispositif
from sante_locale.core.indicators import INDICATORS, observed_keys
from sante_locale.core.programme.workbook import (
    PROGRAMME_FIELDS,
    Problem,
    problem_at,
    read_workbook,
    stage_label,
    write_workbook,
)
from sante_locale.programme.models import (
    Action,
    ActionFunding,
    Axis,
    Indicator,
    IndicatorValue,
    LensAnswer,
    LensQuestion,
    Milestone,
    Objective,
    Programme,
    Target,
)
from sante_locale.structures.models import Structure
from sante_locale.territories.models import QPV, Commune

SHARE_SEP = " › "
ACTION_FIELDS = ("title", "context", "diagnosis_key", "diagnosis_text", "description", "steps", "audiences",
                 "audiences_detail", "starts_on", "ends_on", "human_means", "material_means", "plans", "plans_detail",
                 "determinants", "approach", "participation", "status", "priority", "risks")


class WorkbookInvalid(Exception):
    """The file has problems; nothing was imported. ``problems`` lists them all."""

    def __init__(self, name: str, problems: list[Problem]):
        self.name, self.problems = name, problems
        super().__init__(f"{name} : {len(problems)} problème(s), rien n'a été importé.")


@dataclass
class ImportReport:
    dry_run: bool
    counts: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        labels = {"created": "créé(s)", "changed": "modifié(s)", "deleted": "supprimé(s)"}
        out = []
        for what in ("axes", "objectifs", "actions", "jalons", "financements", "indicateurs", "cibles", "valeurs",
                     "réponses de la lentille"):
            parts = [f"{self.counts[(what, k)]} {v}" for k, v in labels.items() if self.counts[(what, k)]]
            if parts:
                out.append(f"{what} : {', '.join(parts)}")
        return out or ["aucun changement : la base est déjà conforme au fichier"]


# ------------------------------------------------------------------ export


def structure_label(structure: Structure, homonyms: set[str]) -> str:
    return structure.siret if structure.name.lower() in homonyms and structure.siret else structure.name


def export_data(programme: Programme) -> dict[str, list[dict]]:
    """Every row of the workbook of ``programme`` (sheet key -> rows)."""
    homonyms = {n for n, c in Counter(s.name.lower() for s in Structure.objects.only("name")).items() if c > 1}
    label = lambda s: structure_label(s, homonyms)  # noqa: E731
    dispositif = programme.dispositif
    data: dict[str, list[dict]] = {"programme": [
        {"field": PROGRAMME_FIELDS["dispositif"], "value": dispositif.name},
        {"field": PROGRAMME_FIELDS["title"], "value": programme.title},
        {"field": PROGRAMME_FIELDS["starts_year"], "value": programme.starts_year},
        {"field": PROGRAMME_FIELDS["ends_year"], "value": programme.ends_year},
        {"field": PROGRAMME_FIELDS["summary"], "value": programme.summary},
        {"field": PROGRAMME_FIELDS["is_published"], "value": "oui" if programme.is_published else "non"},
    ]}
    axes = list(programme.axes.all())
    data["axes"] = [{"code": a.code, "title": a.title, "description": a.description, "order": a.order} for a in axes]
    objectives = list(Objective.objects.filter(axis__programme=programme).select_related("axis"))
    data["objectives"] = [{"code": o.code, "axis": o.axis.code, "title": o.title, "description": o.description,
                           "order": o.order} for o in objectives]
    actions = list(Action.objects.filter(objective__axis__programme=programme)
                   .select_related("objective", "body")
                   .prefetch_related("pilots", "partners", "communes", "qpvs", "shared_in__axis__programme__dispositif",
                                     "milestones", "fundings__funder", "lens_answers__question"))
    data["actions"], data["milestones"], data["fundings"], data["lens"] = [], [], [], []
    for a in actions:
        row = {k: getattr(a, k) for k in ACTION_FIELDS}
        row.update(code=a.code, objective=a.objective.code, pilots=[label(s) for s in a.pilots.all()],
                   partners=[label(s) for s in a.partners.all()],
                   communes=sorted(c.insee_code for c in a.communes.all()), qpvs=sorted(q.qpv_code for q in a.qpvs.all()),
                   body=a.body.name if a.body else "",
                   shared_in=[f"{o.axis.programme.dispositif.name}{SHARE_SEP}{o.code}" for o in a.shared_in.all()])
        data["actions"].append(row)
        data["milestones"] += [{"action": a.code, "title": m.title, "due_on": m.due_on, "done_on": m.done_on}
                               for m in a.milestones.all()]
        data["fundings"] += [{"action": a.code, "funder": label(f.funder), "year": f.year, "planned": f.planned,
                              "obtained": f.obtained} for f in a.fundings.all()]
        data["lens"] += [{"action": a.code, "question": la.question.key, "stage": stage_label(la.question.stage),
                          "text": la.question.text, "answer": la.answer, "justification": la.justification}
                         for la in sorted(a.lens_answers.all(), key=lambda x: (x.question.order, x.question.key))]
    indicators = list(programme.indicators.select_related("action").prefetch_related("targets", "values"))
    data["indicators"], data["targets"], data["values"] = [], [], []
    for i in indicators:
        data["indicators"].append({"code": i.code, "action": i.action.code if i.action_id else "", "key": i.key,
                                   "label": i.definition.label if i.definition else "", "unit": i.unit,
                                   "detail": i.detail, "mode": i.mode, "frequency": i.frequency,
                                   "baseline_value": i.baseline_value, "baseline_on": i.baseline_on,
                                   "source": i.source})
        data["targets"] += [{"indicator": i.code, "due_on": t.due_on, "value": t.value} for t in i.targets.all()]
        data["values"] += [{"indicator": i.code, "measured_on": v.measured_on, "value": v.value, "source": v.source,
                            "vintage": v.vintage, "note": v.note} for v in i.values.all()]
    return data


def export_programme(programme: Programme, path: Path) -> None:
    write_workbook(export_data(programme), path, title=f"{programme.title} — {programme.dispositif.name}")


def file_name(dispositif: Dispositif) -> str:
    from django.utils.text import slugify

    return f"programme-{slugify(dispositif.name)[:60] or dispositif.pk}.xlsx"


# ------------------------------------------------------------------ checks against the database


class _Resolver:
    """Finds the database objects a file refers to, adding a problem for each one it cannot."""

    def __init__(self, dispositif: Dispositif, problems: list[Problem]):
        self.dispositif, self.problems = dispositif, problems
        self.structures_by_name: dict[str, list[Structure]] = defaultdict(list)
        self.structures_by_siret: dict[str, Structure] = {}
        for s in Structure.objects.all():
            self.structures_by_name[s.name.lower()].append(s)
            if s.siret:
                self.structures_by_siret[s.siret] = s
        self.bodies = {b.name.lower(): b for b in Body.objects.filter(dispositifs=dispositif)}
        self.questions = {q.key: q for q in LensQuestion.objects.all()}

    def structure(self, sheet, row, column, text):
        text = text.strip()
        compact = text.replace(" ", "")
        if compact.isdigit() and len(compact) == 14 and compact in self.structures_by_siret:
            return self.structures_by_siret[compact]
        found = self.structures_by_name.get(text.lower(), [])
        if len(found) == 1:
            return found[0]
        message = (f"structure « {text} » inconnue : créez-la d'abord dans le répertoire des structures, ou "
                   "corrigez son nom (ou écrivez son SIRET)." if not found else
                   f"plusieurs structures s'appellent « {text} » : écrivez le SIRET de celle qui convient.")
        self.problems.append(problem_at(sheet, row, column, message))
        return None

    def many(self, sheet, row, column, model, lookup, texts, what):
        found = {getattr(o, lookup): o for o in model.objects.filter(**{f"{lookup}__in": texts})}
        for text in texts:
            if text not in found:
                self.problems.append(problem_at(sheet, row, column, f"{what} « {text} » inconnu(e) du référentiel : "
                                                "vérifiez le code."))
        return [found[t] for t in texts if t in found]

    def shared(self, row, texts):
        out = []
        for text in texts:
            name, _, code = text.rpartition(SHARE_SEP.strip())
            objective = Objective.objects.filter(axis__programme__dispositif__name=name.strip(),
                                                 code=code.strip()).exclude(
                axis__programme__dispositif=self.dispositif).first()
            if objective is None:
                self.problems.append(problem_at("actions", row, "shared_in", f"« {text} » : aucun objectif de ce code "
                                                "dans le programme d'un autre dispositif de ce nom ; écrivez « nom du "
                                                "dispositif › code de l'objectif »."))
            else:
                out.append(objective)
        return out


def _check(dispositif: Dispositif, data: dict, problems: list[Problem]) -> dict:
    """Resolve every reference; returns the objects keyed by sheet and row number."""
    r = _Resolver(dispositif, problems)
    resolved: dict = {"actions": {}, "fundings": {}, "lens": {}}
    for row in data.get("actions", []):
        n = row["_row"]
        key = row.get("diagnosis_key")
        if key and key not in INDICATORS:
            problems.append(problem_at("actions", row, "diagnosis_key", f"indicateur « {key} » inconnu du référentiel "
                                       "(laissez vide ou reprenez une clé du portrait)."))
        body = None
        if row.get("body"):
            body = r.bodies.get(row["body"].lower())
            if body is None:
                problems.append(problem_at("actions", row, "body", f"instance « {row['body']} » inconnue de ce "
                                           "dispositif : créez-la ou corrigez son nom."))
        resolved["actions"][n] = {
            "pilots": [s for s in (r.structure("actions", row, "pilots", t) for t in row.get("pilots", [])) if s],
            "partners": [s for s in (r.structure("actions", row, "partners", t) for t in row.get("partners", [])) if s],
            "communes": r.many("actions", row, "communes", Commune, "insee_code", row.get("communes", []), "commune"),
            "qpvs": r.many("actions", row, "qpvs", QPV, "qpv_code", row.get("qpvs", []), "QPV"),
            "shared_in": r.shared(row, row.get("shared_in", [])), "body": body}
    for row in data.get("fundings", []):
        if row.get("funder"):
            resolved["fundings"][row["_row"]] = r.structure("fundings", row, "funder", row["funder"])
    for row in data.get("lens", []):
        question = r.questions.get(row.get("question"))
        if question is None and row.get("question"):
            problems.append(problem_at("lens", row, "question", f"question « {row['question']} » inconnue : reprenez "
                                       "une clé de la liste des questions de la lentille."))
        resolved["lens"][row["_row"]] = question
    actions = {row.get("code") for row in data.get("actions", [])}
    for row in data.get("indicators", []):
        definition = INDICATORS.get(row.get("key"))
        if definition is None:
            continue
        if definition.kind == "performance" and not row.get("action"):
            problems.append(problem_at("indicators", row, "action", "une mesure de performance se rattache à une "
                                       "action : écrivez le code de l'action."))
        if definition.kind == "population" and row.get("action") in actions:
            problems.append(problem_at("indicators", row, "action", "un indicateur de population décrit le territoire : "
                                       "laissez la colonne Action vide."))
        if row.get("mode") == "observed" and row.get("key") not in observed_keys():
            problems.append(problem_at("indicators", row, "mode", "l'observatoire ne calcule pas cet indicateur : "
                                       "écrivez « saisi à la main »."))
    for row in data.get("actions", []):
        if row.get("starts_on") and row.get("ends_on") and row["ends_on"] < row["starts_on"]:
            problems.append(problem_at("actions", row, "ends_on", "la fin précède le début : corrigez l'une des dates."))
    return resolved


def _programme_fields(data: dict, problems: list[Problem]) -> dict:
    out = {}
    for row in data.get("programme", []):
        key, value = row.get("field"), (row.get("value") or "").strip()
        if key in ("starts_year", "ends_year"):
            if value and not (value.isdigit() and 1990 <= int(value) <= 2100):
                problems.append(problem_at("programme", row, "value", f"« {value} » n'est pas une année (AAAA)."))
            else:
                out[key] = int(value) if value else None
        elif key == "is_published":
            if value.lower() not in ("oui", "non", ""):
                problems.append(problem_at("programme", row, "value", f"« {value} » : écrivez oui ou non."))
            out[key] = value.lower() == "oui"
        elif key in ("title", "summary"):
            out[key] = value
    if not out.get("title", "x"):
        out.pop("title")
    return out


# ------------------------------------------------------------------ import
#
# Speed (a 200-action programme in a few seconds): existing rows are read once into dicts,
# new rows of the leaf sheets are created in bulk with their history
# (``bulk_create_with_history``), and a new action gets one history record, written once its
# pilots, partners and shared objectives are set (so that record lists them).


class _Writer:
    def __init__(self, counts: Counter, user):
        self.counts, self.user = counts, user if getattr(user, "pk", None) else None
        self.pending: dict[type, list] = defaultdict(list)

    def sync(self, model, existing, key, values: dict, what: str, **create):
        """The row of ``key`` in ``existing`` updated to ``values`` (saved only if it differs),
        or a new row queued for bulk creation."""
        obj = existing.get(key)
        if obj is None:
            obj = model(**create, **values)
            self.pending[model].append(obj)
            self.counts[(what, "created")] += 1
            return obj
        changed = [k for k, v in values.items() if _differs(getattr(obj, k), v)]
        if changed:
            for k in changed:
                setattr(obj, k, values[k])
            obj.save()
            self.counts[(what, "changed")] += 1
        return obj

    def flush(self) -> None:
        from simple_history.utils import bulk_create_with_history

        for model, objs in self.pending.items():
            bulk_create_with_history(objs, model, batch_size=500, default_user=self.user)
        self.pending.clear()


def _differs(current, new) -> bool:
    if isinstance(current, Decimal) or isinstance(new, Decimal):
        if current is None or new is None:
            return current is not new
        return Decimal(current) != Decimal(new)
    if hasattr(current, "pk") and hasattr(new, "pk"):
        return current.pk != new.pk
    return current != new


def _delete(qs, counts: Counter, what: str) -> None:
    for obj in qs:
        obj.delete()
        counts[(what, "deleted")] += 1


def import_programme(dispositif: Dispositif, path: Path, *, user=None, dry_run: bool = False) -> ImportReport:
    """Bring the programme of ``dispositif`` to the content of the workbook at ``path``.

    Raises :class:`WorkbookInvalid` (nothing written) when the file has any problem.
    """
    name = Path(path).name
    data, problems = read_workbook(path)
    if data:  # cells of the wrong type are left empty: the references of the others are checked too
        fields = _programme_fields(data, problems)
        resolved = _check(dispositif, data, problems)
    if problems:
        raise WorkbookInvalid(name, sorted(problems))
    report = ImportReport(dry_run)
    with transaction.atomic():
        _write(dispositif, data, fields, resolved, _Writer(report.counts, user))
        if dry_run:
            transaction.set_rollback(True)
    return report


M2M = ("pilots", "partners", "communes", "qpvs", "shared_in")


def _write(dispositif, data, fields, resolved, w: _Writer) -> None:
    counts = w.counts
    programme, _ = Programme.objects.get_or_create(dispositif=dispositif)
    if any(_differs(getattr(programme, k), v) for k, v in fields.items()):
        for k, v in fields.items():
            setattr(programme, k, v)
        programme.save()
    existing = {a.code: a for a in programme.axes.all()}
    axes = {row["code"]: w.sync(Axis, existing, row["code"], {"title": row["title"], "description": row["description"],
                                                             "order": row.get("order") or 1}, "axes",
                                programme=programme, code=row["code"]) for row in data["axes"]}
    w.flush()
    existing = {o.code: o for o in Objective.objects.filter(axis__programme=programme)}
    objectives = {}
    for row in data["objectives"]:
        values = {"axis": axes[row["axis"]], "title": row["title"], "description": row["description"],
                  "order": row.get("order") or 1}
        objectives[row["code"]] = w.sync(Objective, existing, row["code"], values, "objectifs", code=row["code"])
    w.flush()
    existing = {a.code: a for a in Action.objects.filter(objective__axis__programme=programme)
                .prefetch_related(*M2M)}
    actions, new = {}, []
    for row in data["actions"]:
        refs = resolved["actions"][row["_row"]]
        values = {k: row.get(k) if row.get(k) is not None else _empty(k) for k in ACTION_FIELDS}
        values.update(objective=objectives[row["objective"]], body=refs["body"])
        action = existing.get(row["code"])
        if action is None:
            action = Action(code=row["code"], **values)
            new.append((action, refs))
            counts[("actions", "created")] += 1
        else:
            before = counts[("actions", "changed")]
            w.sync(Action, existing, row["code"], values, "actions")
            m2m_changed = False
            for m2m in M2M:
                if {o.pk for o in getattr(action, m2m).all()} != {o.pk for o in refs[m2m]}:
                    getattr(action, m2m).set(refs[m2m])
                    m2m_changed = True
            if m2m_changed and counts[("actions", "changed")] == before:
                counts[("actions", "changed")] += 1
        actions[row["code"]] = action
    _create_actions(new, w.user)
    _delete(Action.objects.filter(objective__axis__programme=programme).exclude(pk__in=[a.pk for a in actions.values()]),
            counts, "actions")
    _delete(Objective.objects.filter(axis__programme=programme).exclude(
        pk__in=[o.pk for o in objectives.values()]), counts, "objectifs")
    _delete(programme.axes.exclude(pk__in=[a.pk for a in axes.values()]), counts, "axes")
    _children(data, resolved, actions, w)
    _indicators(programme, data, actions, w)


def _create_actions(new: list, user) -> None:
    """Create new actions in bulk with their relations and one history record each that
    lists their pilots, partners and shared objectives (as a save and ``.set()`` would)."""
    from simple_history.models import HistoricalRecords
    from simple_history.utils import bulk_create_with_history

    if not new:
        return
    bulk_create_with_history([a for a, _ in new], Action, batch_size=500, default_user=user)
    ids = [a.pk for a, _ in new]
    for name in M2M:
        field = Action._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        through.objects.bulk_create([through(**{f"{source}_id": a.pk, f"{target}_id": t.pk})
                                     for a, refs in new for t in refs[name]], batch_size=1000)
    records = {h.id: h for h in Action.history.filter(id__in=ids, history_type="+")}
    for field in Action.history.model._history_m2m_fields:
        through = field.remote_field.through
        history_model = HistoricalRecords.m2m_models[field]
        names = [f.name for f in through._meta.fields]
        rows = through.objects.filter(**{f"{field.m2m_field_name()}_id__in": ids})
        history_model.objects.bulk_create(
            [history_model(history=records[getattr(row, f"{field.m2m_field_name()}_id")],
                           **{n: getattr(row, n) for n in names}) for row in rows], batch_size=1000)


def _empty(key: str):
    return [] if key in ("audiences", "plans", "determinants") else (None if key.endswith("_on") else "")


def _children(data, resolved, actions, w: _Writer) -> None:
    counts = w.counts
    ids = [a.pk for a in actions.values()]
    current = defaultdict(list)
    for m in Milestone.objects.filter(action_id__in=ids):
        current[m.action_id].append(m)
    wanted = defaultdict(list)
    for row in data["milestones"]:
        wanted[row["action"]].append((row["title"], row["due_on"], row.get("done_on")))
    for code, action in actions.items():
        have = [(m.title, m.due_on, m.done_on) for m in current[action.pk]]
        if sorted(have, key=str) != sorted(wanted[code], key=str):
            for m in current[action.pk]:
                m.delete()
                counts[("jalons", "deleted")] += 1
            for title, due, done in wanted[code]:
                w.pending[Milestone].append(Milestone(action=action, title=title, due_on=due, done_on=done))
                counts[("jalons", "created")] += 1
    existing = {(f.action_id, f.funder_id, f.year): f for f in ActionFunding.objects.filter(action_id__in=ids)}
    kept = set()
    for row in data["fundings"]:
        action, funder = actions[row["action"]], resolved["fundings"][row["_row"]]
        key = (action.pk, funder.pk, row["year"])
        w.sync(ActionFunding, existing, key, {"planned": row["planned"], "obtained": row.get("obtained")},
               "financements", action=action, funder=funder, year=row["year"])
        kept.add(key)
    _delete([f for k, f in existing.items() if k not in kept], counts, "financements")
    existing = {(a.action_id, a.question_id): a for a in LensAnswer.objects.filter(action_id__in=ids)}
    kept = set()
    for row in data["lens"]:
        action, question = actions[row["action"]], resolved["lens"][row["_row"]]
        key = (action.pk, question.pk)
        w.sync(LensAnswer, existing, key, {"answer": row.get("answer") or "",
                                           "justification": row.get("justification", "")},
               "réponses de la lentille", action=action, question=question)
        kept.add(key)
    _delete([a for k, a in existing.items() if k not in kept], counts, "réponses de la lentille")
    w.flush()


def _indicators(programme, data, actions, w: _Writer) -> None:
    counts = w.counts
    existing = {i.code: i for i in programme.indicators.all()}
    indicators = {}
    for row in data["indicators"]:
        indicators[row["code"]] = w.sync(
            Indicator, existing, row["code"],
            {"action": actions.get(row.get("action")) if row.get("action") else None, "key": row["key"],
             "detail": row.get("detail", ""), "mode": row["mode"], "frequency": row["frequency"],
             "baseline_value": row.get("baseline_value"), "baseline_on": row.get("baseline_on"),
             "source": row.get("source", "")}, "indicateurs", programme=programme, code=row["code"])
    w.flush()
    _delete(programme.indicators.exclude(pk__in=[i.pk for i in indicators.values()]), counts, "indicateurs")
    ids = [i.pk for i in indicators.values()]
    existing = {(t.indicator_id, t.due_on): t for t in Target.objects.filter(indicator_id__in=ids)}
    kept = set()
    for row in data["targets"]:
        indicator = indicators[row["indicator"]]
        key = (indicator.pk, row["due_on"])
        w.sync(Target, existing, key, {"value": row["value"]}, "cibles", indicator=indicator, due_on=row["due_on"])
        kept.add(key)
    _delete([t for k, t in existing.items() if k not in kept], counts, "cibles")
    existing = {(v.indicator_id, v.measured_on): v for v in IndicatorValue.objects.filter(indicator_id__in=ids)}
    kept = set()
    for row in data["values"]:
        indicator = indicators[row["indicator"]]
        key = (indicator.pk, row["measured_on"])
        w.sync(IndicatorValue, existing, key, {"value": row["value"], "source": row["source"],
                                               "vintage": row.get("vintage", ""), "note": row.get("note", "")},
               "valeurs", indicator=indicator, measured_on=row["measured_on"], entered_by=w.user)
        kept.add(key)
    _delete([v for k, v in existing.items() if k not in kept], counts, "valeurs")
    w.flush()
