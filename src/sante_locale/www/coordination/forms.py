"""Forms of the dispositif registry: the dispositif and its perimeter, partners, funding
lines, links, comments and roles. Messages are French; each form hands structured values
(objects, dates, decimals) to the view, never a string to parse back."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from sante_locale.coordination.models import (
    Comment,
    Dispositif,
    DispositifKind,
    DispositifLink,
    Funding,
    Partnership,
)
from sante_locale.coordination.perimeters import PerimeterError, check_territory, resolve_official
from sante_locale.core import clock
from sante_locale.structures.models import Person, Structure
from sante_locale.territories.custom import InvalidMembers, parse_members
from sante_locale.territories.models import Territory

PERIMETER_MODES = [
    ("official", "un territoire officiel (commune, EPCI, département, région) ou un territoire personnalisé, par son code"),
    ("territory", "un de mes territoires personnalisés (ou partagés avec moi)"),
    ("communes", "une liste de communes (crée un territoire personnalisé privé)"),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _choice_messages(what: str) -> dict:
    return {"invalid_choice": f"{what} inconnu·e ou hors de votre portée : choisissez dans la liste.",
            "required": "Ce champ est obligatoire."}


class DispositifForm(forms.ModelForm):
    perimeter_mode = forms.ChoiceField(label="Le périmètre est", choices=PERIMETER_MODES, initial="official",
                                       widget=forms.RadioSelect)
    perimeter_code = forms.CharField(label="Code du territoire", required=False, max_length=160,
                                     help_text="Ex. 246200364 (EPCI), 62498 (commune), 62 (département), region:32.")
    perimeter_territory = forms.ModelChoiceField(label="Territoire personnalisé", required=False,
                                                 queryset=Territory.objects.none(),
                                                 error_messages=_choice_messages("Territoire"))
    perimeter_communes = forms.CharField(
        label="Communes du périmètre", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Codes INSEE ou noms exacts, séparés par des virgules ou un par ligne (ex. 62498, 62510).")

    class Meta:
        model = Dispositif
        fields = ["name", "kind", "carrier", "coordinator", "coordinator_fte", "signed_on", "starts_on", "ends_on",
                  "renewal_on", "status", "description", "is_public"]
        widgets = {"signed_on": DateInput(), "starts_on": DateInput(), "ends_on": DateInput(),
                   "renewal_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"coordinator_fte": "Part d'un temps plein, ex. 0,8.",
                      "is_public": "Les visiteurs non connectés voient alors le dispositif, ses partenaires et instances."}

    field_order = ["name", "kind", "perimeter_mode", "perimeter_code", "perimeter_territory", "perimeter_communes"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.perimeter = None
        self.fields["kind"].queryset = DispositifKind.objects.all()
        self.fields["kind"].empty_label = None
        self.fields["perimeter_territory"].queryset = Territory.objects.visible_to(user).order_by("name")
        self.fields["coordinator"].queryset = Person.objects.select_related("structure")
        self.fields["coordinator_fte"].localize = True
        self.fields["coordinator_fte"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        instance = kwargs.get("instance")
        if instance is not None and instance.pk and not self.is_bound:
            if instance.perimeter_level == "territoire":
                self.initial.update(perimeter_mode="territory", perimeter_territory=instance.perimeter_territory_id)
            else:
                prefix = "" if instance.perimeter_level in ("commune", "departement") else f"{instance.perimeter_level}:"
                self.initial.update(perimeter_mode="official", perimeter_code=prefix + instance.perimeter_code)

    def clean(self):
        data = super().clean()
        mode = data.get("perimeter_mode")
        try:
            if mode == "official":
                if not data.get("perimeter_code"):
                    self.add_error("perimeter_code", "Donnez le code du territoire (ex. 246200364 pour une EPCI).")
                else:
                    self.perimeter = resolve_official(data["perimeter_code"], self.user)
            elif mode == "territory":
                if data.get("perimeter_territory") is None:
                    self.add_error("perimeter_territory", "Choisissez le territoire personnalisé du périmètre.")
                else:
                    self.perimeter = check_territory(data["perimeter_territory"], self.user)
            elif mode == "communes":
                communes = parse_members(data.get("perimeter_communes", ""))
                if not communes:
                    self.add_error("perimeter_communes", "Donnez au moins une commune (code INSEE ou nom exact).")
                self.perimeter = ("communes", communes, None)
        except PerimeterError as exc:
            self.add_error("perimeter_code" if mode == "official" else "perimeter_territory", str(exc))
        except InvalidMembers as exc:
            for problem in exc.problems:
                self.add_error("perimeter_communes", problem)
        return data


class PartnershipForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["structure", "role", "representative", "since"]
        widgets = {"since": DateInput()}

    def __init__(self, *args, dispositif=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dispositif = dispositif
        self.fields["structure"].queryset = Structure.objects.all()
        self.fields["structure"].error_messages.update(_choice_messages("Structure"))
        self.fields["representative"].queryset = Person.objects.select_related("structure")

    def clean(self):
        data = super().clean()
        structure, role = data.get("structure"), data.get("role")
        taken = Partnership.objects.filter(dispositif=self.dispositif, structure=structure, role=role)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if structure is not None and taken.exists():
            self.add_error("structure", "Cette structure a déjà ce rôle dans le dispositif.")
        return data


class FundingForm(forms.ModelForm):
    class Meta:
        model = Funding
        fields = ["funder", "amount", "year", "purpose"]
        error_messages = {"amount": {"invalid": "Le montant doit être un nombre (ex. 45000 ou 45 000,50)."}}
        help_texts = {"amount": "En euros, par exemple 45000 ou 45 000,50."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Structure.objects.all()
        self.fields["amount"].localize = True
        self.fields["amount"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.fields["amount"].error_messages["invalid"] = "Le montant doit être un nombre (ex. 45000 ou 45 000,50)."
        self.fields["year"].widget.attrs.update(min=1990, max=2100)

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError("Le montant ne peut pas être négatif : saisissez une somme positive.")
        return amount

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not 1990 <= year <= clock.current_year() + 10:
            raise forms.ValidationError(f"Année invalide : donnez une année entre 1990 et {clock.current_year() + 10}.")
        return year


class LinkForm(forms.ModelForm):
    class Meta:
        model = DispositifLink
        fields = ["kind", "target", "note"]

    def __init__(self, *args, source=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.fields["target"].queryset = Dispositif.objects.visible_to(user).exclude(pk=source.pk).select_related(
            "kind")
        self.fields["target"].error_messages.update(_choice_messages("Dispositif"))

    def clean(self):
        data = super().clean()
        target, kind = data.get("target"), data.get("kind")
        if target is not None and DispositifLink.objects.filter(source=self.source, target=target, kind=kind).exists():
            self.add_error("target", "Ce lien existe déjà.")
        return data


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


ROLE_CHOICES = [("coordinator", "coordinateur·rice (modifie le dispositif et sa gouvernance)"),
                ("partner", "partenaire (lit le dispositif, commente, voit les réunions où il est invité)")]


class RoleForm(forms.Form):
    username = forms.CharField(label="Identifiant de connexion", max_length=150)
    kind = forms.ChoiceField(label="Rôle", choices=ROLE_CHOICES)

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"Identifiant « {name} » inconnu : vérifiez l'orthographe.")
        return user
