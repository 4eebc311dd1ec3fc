from django import forms

from sante_locale.accessibility.scenario_input import RETIRE_AGES
from sante_locale.core.access.parameters import AGE_CUTOFFS
from sante_locale.core.professions import APL_PROFESSIONS, PROFESSIONS

PROFESSION_CHOICES = [(p, PROFESSIONS[p].label) for p in APL_PROFESSIONS]
AGE_CHOICES = [("", "tous les âges")] + [(str(a), f"{a} ans ou moins") for a in AGE_CUTOFFS]
#: What a page without any parameter shows.
DEFAULTS = {"profession": "medecin_generaliste", "age_max": ""}


class QueryCheckedForm(forms.Form):
    """A form that also refuses the parameters it does not know (``unknown``): a page never
    ignores a parameter silently, it says which one is wrong and which ones it takes."""

    def __init__(self, *args, unknown=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.unknown = sorted(unknown)

    def clean(self):
        data = super().clean()
        if self.unknown:
            raise forms.ValidationError(
                "Paramètre(s) inconnu(s) de cette page : %(unknown)s. Paramètres acceptés : %(known)s.",
                params={"unknown": ", ".join(f"« {u[:40]} »" for u in self.unknown[:5]),
                        "known": ", ".join(self.fields)})
        return data

    @classmethod
    def from_query(cls, query, **kwargs):
        """The form bound to a page's query string, missing parameters taking their defaults."""
        unknown = set(query) - set(cls.base_fields)
        data = {**DEFAULTS, **{k: v for k, v in query.items() if k in cls.base_fields}}
        return cls(data, unknown=unknown, **kwargs)


class APLChoiceForm(QueryCheckedForm):
    profession = forms.ChoiceField(
        label="Profession", choices=PROFESSION_CHOICES, initial="medecin_generaliste",
        error_messages={"invalid_choice": "Profession « %(value)s » inconnue : choisissez-en une dans la liste.",
                        "required": "Choisissez une profession."})
    age_max = forms.ChoiceField(
        label="Âge maximal des professionnels comptés", required=False, choices=AGE_CHOICES,
        error_messages={"invalid_choice": "Âge maximal « %(value)s » non proposé : choisissez tous les âges, "
                        + ", ".join(f"{a} ans" for a in AGE_CUTOFFS) + "."})


class ScenarioForm(APLChoiceForm):
    commune = forms.ChoiceField(
        label="Commune du nouveau centre de santé", required=False,
        error_messages={"invalid_choice": "Commune « %(value)s » hors du territoire ou inconnue : choisissez une "
                        "commune du territoire dans la liste."})
    fte = forms.DecimalField(label="Nombre de professionnels (équivalents temps plein)", required=False,
                             min_value=0.1, max_value=100, decimal_places=1, initial=3)
    retire_age = forms.IntegerField(
        label="Départs : les professionnels de cet âge ou plus partent (facultatif)", required=False,
        min_value=RETIRE_AGES[0], max_value=RETIRE_AGES[1],
        help_text="Âge atteint dans l'année. Avec 65, les professionnels de 65 ans ou plus partent.")

    def __init__(self, *args, communes=(), prefill=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefill = prefill  # a GET only fills the form in: the choice is not complete yet
        self.fields["commune"].choices = [("", "— aucun nouveau centre —")] + [
            (c.insee_code, f"{c.name} ({c.insee_code})") for c in communes]

    def clean(self):
        data = super().clean()
        if self.prefill:
            return data
        if not data.get("commune") and not data.get("retire_age"):
            raise forms.ValidationError("Choisissez une commune pour un nouveau centre, ou un âge de départ.")
        if data.get("commune") and not data.get("fte"):
            self.add_error("fte", "Indiquez le nombre d'équivalents temps plein du nouveau centre.")
        return data
