"""Forms of the directory pages: the public search (GET) and the editors' forms."""

from __future__ import annotations

from django import forms
from django.db import models

from sante_locale.directory import vocabulary as voc
from sante_locale.directory.models import MobileStop, Service, TemporaryClosure


class SearchForm(forms.Form):
    q = forms.CharField(label="Où ?", required=False, max_length=100,
                        help_text="Commune, code postal ou lieu (ex. Lens, 62300).")
    theme = forms.ChoiceField(label="Pour quoi ?", required=False,
                              choices=[("", "Tous les services")] + sorted(voc.SEARCH_THEMES.items(),
                                                                           key=lambda kv: kv[1]))
    public = forms.ChoiceField(label="Pour qui ?", required=False,
                               choices=[("", "Tout le monde")] + sorted(
                                   ((k, v) for k, v in voc.AUDIENCES.items() if k != "tous-publics"),
                                   key=lambda kv: kv[1]))
    gratuit = forms.BooleanField(label="Gratuit seulement", required=False)
    ouvert = forms.BooleanField(label="Ouvert maintenant", required=False)


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ServiceForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(label="Thématiques", required=False, widget=forms.CheckboxSelectMultiple,
                                       choices=sorted(voc.SEARCH_THEMES.items(), key=lambda kv: kv[1]))
    audiences = forms.MultipleChoiceField(label="Publics", required=False, widget=forms.CheckboxSelectMultiple,
                                          choices=list(voc.AUDIENCES.items()))

    class Meta:
        model = Service
        formfield_callback = _formfield
        fields = ["name", "description", "themes", "audiences", "fees", "fees_details", "access_conditions",
                  "address", "complement_address", "postcode", "insee_code", "phone", "email", "mobilisation_url",
                  "contact_name", "opening_hours", "what_to_bring", "accessibility_url", "update_every_days",
                  "is_published"]

    def clean_postcode(self):
        from sante_locale.territories.models import Postcode

        code = (self.cleaned_data.get("postcode") or "").strip()
        if code and not Postcode.objects.filter(code=code).exists():
            raise forms.ValidationError(f"Aucune commune n'a le code postal {code} : vérifiez-le (5 chiffres, ex. 62300).")
        return code

    def clean_insee_code(self):
        from sante_locale.territories.models import Commune

        code = (self.cleaned_data.get("insee_code") or "").strip().upper()
        if code and not Commune.objects.filter(insee_code=code).exists():
            raise forms.ValidationError(f"Aucune commune n'a le code INSEE {code} : vérifiez-le (ex. 62498 pour Lens).")
        return code


class _Refusal:
    """A refused form's French messages in one line, for the journal of refused attempts."""

    def refusal(self) -> str:
        problems = [f"{self.fields[name].label} : {error}" if name in self.fields else str(error)
                    for name, errors in self.errors.items() for error in errors]
        return "Saisie refusée : " + " ; ".join(problems)


class StopForm(_Refusal, forms.ModelForm):
    insee_code = forms.CharField(label="Code INSEE de la commune", max_length=5, required=False,
                                 help_text="Ex. 62498 pour Lens.")

    class Meta:
        model = MobileStop
        fields = ["place", "address", "opening_hours", "lon", "lat"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.commune_id is not None:  # a stop being modified shows its commune
            self.initial.setdefault("insee_code", self.instance.commune.insee_code)

    def clean_insee_code(self):
        from sante_locale.territories.models import Commune

        code = (self.cleaned_data.get("insee_code") or "").strip().upper()
        if code and not Commune.objects.filter(insee_code=code).exists():
            raise forms.ValidationError(f"Aucune commune n'a le code INSEE {code} : vérifiez-le (ex. 62498 pour Lens).")
        return code

    def save(self, commit=True):
        from sante_locale.territories.models import Commune

        stop = super().save(commit=False)
        code = self.cleaned_data.get("insee_code")
        stop.commune = Commune.objects.filter(insee_code=code).first() if code else None
        # a stop moved to another commune without new coordinates takes the commune's
        moved = "insee_code" in self.changed_data and not {"lon", "lat"} & set(self.changed_data)
        if stop.commune is not None and (stop.lat is None or moved):
            stop.lon, stop.lat = stop.commune.lon, stop.commune.lat
        if commit:
            stop.save()
        return stop


class ClosureForm(_Refusal, forms.ModelForm):
    class Meta:
        model = TemporaryClosure
        fields = ["starts_on", "ends_on", "reason", "opening_hours"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
