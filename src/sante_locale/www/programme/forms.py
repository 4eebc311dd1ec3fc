"""Forms of the programme pages. Each hands the app structured values (model instances,
keys of the closed lists), never text to parse back."""

from __future__ import annotations

from django import forms

from sante_locale.accounts.access import allowed
from sante_locale.coordination.models import Body
from sante_locale.core.indicators import INDICATORS, observed_keys
from sante_locale.core.programme.grid import CHARACTERISTICS, SCORES
from sante_locale.core.programme.vocab import (
    AUDIENCES,
    DETERMINANTS,
    LENS_ANSWERS,
    PLANS,
    QUESTIONS,
)
from sante_locale.programme.models import (
    Action,
    ActionFunding,
    Axis,
    Indicator,
    IndicatorValue,
    LensQuestion,
    Milestone,
    Objective,
    Programme,
    Target,
)
from sante_locale.programme.queries import perimeter_communes
from sante_locale.structures.models import Structure
from sante_locale.territories.models import QPV, Commune

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _checkboxes(choices: dict) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(choices=list(choices.items()), widget=forms.CheckboxSelectMultiple,
                                     required=False)


class CodeUniqueMixin:
    """The ``code`` is unique among the siblings of the programme (``self.siblings``)."""

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        others = self.siblings.filter(code=code)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(f"Le code « {code} » est déjà pris dans ce programme : choisissez-en un autre.")
        return code


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["title", "starts_year", "ends_year", "summary", "is_published"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class AxisForm(CodeUniqueMixin, forms.ModelForm):
    class Meta:
        model = Axis
        fields = ["code", "title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.siblings = Axis.objects.filter(programme=programme)


class ObjectiveForm(CodeUniqueMixin, forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["axis", "code", "title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = programme.axes.all()
        self.siblings = Objective.objects.filter(axis__programme=programme)


class ActionForm(CodeUniqueMixin, forms.ModelForm):
    audiences = _checkboxes(AUDIENCES)
    plans = _checkboxes(PLANS)
    determinants = _checkboxes(DETERMINANTS)
    diagnosis_key = forms.ChoiceField(label="Chiffre du diagnostic", required=False,
                                      help_text="Indicateur du portrait de territoire qui fonde l'action.")

    class Meta:
        model = Action
        fields = ["code", "objective", "title", "status", "priority", "context", "diagnosis_key", "diagnosis_text",
                  "description", "steps", "pilots", "partners", "audiences", "audiences_detail", "communes", "qpvs",
                  "starts_on", "ends_on", "human_means", "material_means", "plans", "plans_detail", "determinants",
                  "approach", "participation", "risks", "body", "shared_in"]
        widgets = {
            "starts_on": DATE, "ends_on": DATE,
            "approach": forms.RadioSelect, "participation": forms.RadioSelect,
            "communes": forms.CheckboxSelectMultiple, "qpvs": forms.CheckboxSelectMultiple,
            "pilots": forms.SelectMultiple(attrs={"size": 6}), "partners": forms.SelectMultiple(attrs={"size": 8}),
            "shared_in": forms.SelectMultiple(attrs={"size": 4}),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in ("context", "diagnosis_text", "description",
                                                                    "steps", "human_means", "material_means",
                                                                    "risks")},
        }
        help_texts = {"pilots": "Maintenez Ctrl (ou Cmd) pour en choisir plusieurs.",
                      "partners": "Maintenez Ctrl (ou Cmd) pour en choisir plusieurs.",
                      "shared_in": "Objectifs du programme d'un autre dispositif (l'ASV du CLS…) où l'action "
                                   "figure aussi ; leurs coordinateurs pourront la modifier."}

    def __init__(self, *args, programme: Programme, user, **kwargs):
        super().__init__(*args, **kwargs)
        dispositif = programme.dispositif
        self.siblings = Action.objects.filter(objective__axis__programme=programme)
        self.fields["objective"].queryset = Objective.objects.filter(axis__programme=programme).select_related("axis")
        self.fields["diagnosis_key"].choices = [("", "— aucun —")] + [
            (k, INDICATORS[k].label) for k in observed_keys()]
        structures = Structure.objects.order_by("name")
        self.fields["pilots"].queryset = structures
        self.fields["partners"].queryset = structures
        codes = perimeter_communes(dispositif)
        self.fields["communes"].queryset = Commune.objects.filter(insee_code__in=codes).order_by("name")
        self.fields["qpvs"].queryset = QPV.objects.filter(communes__insee_code__in=codes).distinct().order_by("name")
        self.fields["body"].queryset = Body.objects.filter(dispositifs=dispositif)
        others = (Objective.objects.exclude(axis__programme=programme)
                  .select_related("axis__programme__dispositif"))
        editable = [o.pk for o in others if allowed(user, "programme.change_programme", o.axis.programme)]
        self.fields["shared_in"].queryset = others.filter(pk__in=editable)
        self.fields["shared_in"].label_from_instance = lambda o: f"{o.axis.programme.dispositif} › {o}"
        self.fields["objective"].label_from_instance = lambda o: str(o)


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "done_on"]
        widgets = {"due_on": DATE, "done_on": DATE}


class FundingForm(forms.ModelForm):
    class Meta:
        model = ActionFunding
        fields = ["funder", "year", "planned", "obtained"]


MilestoneFormSet = forms.inlineformset_factory(Action, Milestone, form=MilestoneForm, extra=2, can_delete=True)
FundingFormSet = forms.inlineformset_factory(Action, ActionFunding, form=FundingForm, extra=2, can_delete=True)


class IndicatorForm(CodeUniqueMixin, forms.ModelForm):
    key = forms.ChoiceField(label="Indicateur du référentiel")

    class Meta:
        model = Indicator
        fields = ["code", "key", "action", "detail", "mode", "frequency", "baseline_value", "baseline_on", "source"]
        widgets = {"baseline_on": DATE, "mode": forms.RadioSelect}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.siblings = Indicator.objects.filter(programme=programme)
        population = [(k, f"{i.label} ({i.unit})") for k, i in INDICATORS.items() if i.kind == "population"]
        performance = {}
        for k, i in INDICATORS.items():
            if i.kind == "performance":
                performance.setdefault(QUESTIONS[i.question], []).append((k, f"{i.label} ({i.unit})"))
        self.fields["key"].choices = [("Indicateurs de population (le territoire)", population)] + [
            (f"Mesure de performance — {q}", items) for q, items in performance.items()]
        self.fields["action"].queryset = Action.objects.filter(objective__axis__programme=programme)
        self.fields["action"].help_text = "Obligatoire pour une mesure de performance ; vide pour un indicateur de " \
                                          "population."


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["due_on", "value"]
        widgets = {"due_on": DATE}


TargetFormSet = forms.inlineformset_factory(Indicator, Target, form=TargetForm, extra=2, can_delete=True)


class ValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["measured_on", "value", "source", "vintage", "note"]
        widgets = {"measured_on": DATE}
        help_texts = {"vintage": "Année des données, si elle diffère de la date de la mesure.",
                      "value": "Nombre, virgule décimale acceptée (ex. 12,5)."}

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["value"].localize = True
        self.fields["value"].widget.is_localized = True
        self.fields["value"].label = f"Valeur ({indicator.unit})" if indicator.unit else "Valeur"
        if not self.instance.pk:
            self.fields["source"].initial = indicator.source

    def clean_measured_on(self):
        day = self.cleaned_data["measured_on"]
        others = IndicatorValue.objects.filter(indicator=self.indicator, measured_on=day)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("Une valeur existe déjà à cette date : modifiez-la plutôt.")
        return day


class LensForm(forms.Form):
    """One answer and one justification per active question."""

    def __init__(self, *args, questions, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            current = answers.get(q.pk)
            self.fields[f"answer_{q.pk}"] = forms.ChoiceField(
                label=q.text, required=False, widget=forms.RadioSelect, help_text=q.help,
                choices=[("", "pas encore répondu")] + list(LENS_ANSWERS.items()),
                initial=current.answer if current else "")
            self.fields[f"justification_{q.pk}"] = forms.CharField(
                label="Justification", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.justification if current else "")

    def rows(self):
        for q in self.questions:
            yield q, self[f"answer_{q.pk}"], self[f"justification_{q.pk}"]


class GridForm(forms.Form):
    participants = forms.CharField(label="Qui a rempli la grille", required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text="Par exemple : comité technique du 12 mars, avec les habitants relais.")
    comment = forms.CharField(label="Commentaire général", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, scores: dict, comments: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for c in CHARACTERISTICS:
            self.fields[f"score_{c.key}"] = forms.TypedChoiceField(
                label=c.label, required=False, coerce=int, empty_value=None, widget=forms.RadioSelect,
                choices=[(str(k), f"{k} — {v}") for k, v in SCORES.items()], help_text=c.definition,
                initial=None if scores.get(c.key) is None else str(scores[c.key]))
            self.fields[f"comment_{c.key}"] = forms.CharField(label=f"Commentaire ({c.label.lower()})", required=False,
                                                              widget=forms.Textarea(attrs={"rows": 2}),
                                                              initial=comments.get(c.key, ""))

    def rows(self):
        for c in CHARACTERISTICS:
            yield c, self[f"score_{c.key}"], self[f"comment_{c.key}"]


class ImportForm(forms.Form):
    file = forms.FileField(label="Classeur du programme (.xlsx)",
                           help_text="Le classeur exporté depuis cette page, complété dans Excel ou LibreOffice.")
    dry_run = forms.BooleanField(label="Vérifier seulement (ne rien enregistrer)", required=False, initial=True)


class LensQuestionForm(forms.ModelForm):
    class Meta:
        model = LensQuestion
        fields = ["key", "stage", "text", "help", "order", "is_active"]
        widgets = {"help": forms.Textarea(attrs={"rows": 2})}


LensQuestionFormSet = forms.modelformset_factory(LensQuestion, form=LensQuestionForm, extra=1, can_delete=False)
