"""Forms of the structures registry: a structure (SIRET and FINESS checked by the model),
a person who represents it (minimal personal data)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from sante_locale.structures.models import STRUCTURE_KINDS, Person, Structure
from sante_locale.territories.models import Commune


class StructureForm(forms.ModelForm):
    commune_code = forms.CharField(label="Commune (code INSEE)", required=False, max_length=5,
                                   help_text="Ex. 62498 pour Lens.")

    class Meta:
        model = Structure
        fields = ["name", "kind", "siret", "finess_code", "description", "address", "postcode", "phone", "email",
                  "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"website": lambda **kw: forms.URLField(assume_scheme="https", **kw)}
        help_texts = {"siret": "14 chiffres, facultatif.", "finess_code": "9 caractères, facultatif."}

    field_order = ["name", "kind", "siret", "finess_code", "address", "postcode", "commune_code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.commune_id and not self.is_bound:
            self.initial["commune_code"] = self.instance.commune.insee_code

    def clean_commune_code(self):
        code = self.cleaned_data["commune_code"].strip()
        if not code:
            return None
        commune = Commune.objects.filter(insee_code=code.upper()).first()
        if commune is None:
            raise forms.ValidationError(f"Aucune commune n'a le code INSEE « {code} » : vérifiez-le (5 caractères).")
        return commune

    def save(self, commit=True):
        structure = super().save(commit=False)
        structure.commune = self.cleaned_data.get("commune_code")
        if structure.commune is not None and structure.lon is None:
            structure.lon, structure.lat = structure.commune.lon, structure.commune.lat
        if commit:
            structure.save()
        return structure


class StructureSearchForm(forms.Form):
    q = forms.CharField(label="Nom, SIRET ou FINESS", required=False, max_length=100)
    kind = forms.ChoiceField(label="Nature", required=False, choices=[("", "toutes")] + list(STRUCTURE_KINDS.items()))


class PersonForm(forms.ModelForm):
    username = forms.CharField(label="Compte Santé Locale (identifiant, facultatif)", required=False, max_length=150)

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "function", "email", "phone"]
        help_texts = {"email": "Adresse professionnelle seulement.", "phone": "Numéro professionnel seulement."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.user_id and not self.is_bound:
            self.initial["username"] = self.instance.user.username

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"Identifiant « {name} » inconnu : laissez vide ou vérifiez l'orthographe.")
        taken = Person.objects.filter(user=user).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"Le compte « {name} » est déjà lié à une autre personne.")
        return user

    def save(self, commit=True):
        person = super().save(commit=False)
        person.user = self.cleaned_data.get("username")
        if commit:
            person.save()
        return person
