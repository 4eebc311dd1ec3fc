from django import forms

from sante_locale.core.access.parameters import AGE_CUTOFFS
from sante_locale.core.professions import APL_PROFESSIONS, PROFESSIONS

PROFESSION_CHOICES = [(p, PROFESSIONS[p].label) for p in APL_PROFESSIONS]
AGE_CHOICES = [("", "tous les âges")] + [(str(a), f"{a} ans ou moins") for a in AGE_CUTOFFS]


class APLChoiceForm(forms.Form):
    profession = forms.ChoiceField(label="Profession", choices=PROFESSION_CHOICES, initial="medecin_generaliste")
    age_max = forms.ChoiceField(label="Âge maximal des professionnels comptés", required=False,
                                choices=AGE_CHOICES)


class ScenarioForm(APLChoiceForm):
    commune = forms.ChoiceField(label="Commune du nouveau centre de santé", required=False)
    fte = forms.DecimalField(label="Nombre de professionnels (équivalents temps plein)", required=False,
                             min_value=0.1, max_value=100, decimal_places=1, initial=3)
    retire_age = forms.IntegerField(
        label="Départs : les professionnels de cet âge ou plus partent (facultatif)", required=False,
        min_value=50, max_value=90,
        help_text="Âge atteint dans l'année. Avec 65, les professionnels de 65 ans ou plus partent.")

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", "— aucun nouveau centre —")] + [
            (c.insee_code, f"{c.name} ({c.insee_code})") for c in communes]

    def clean(self):
        data = super().clean()
        if not data.get("commune") and not data.get("retire_age"):
            raise forms.ValidationError("Choisissez une commune pour un nouveau centre, ou un âge de départ.")
        if data.get("commune") and not data.get("fte"):
            self.add_error("fte", "Indiquez le nombre d'équivalents temps plein du nouveau centre.")
        return data
