"""Forms of governance: bodies and members, meetings (agenda, attendance, minutes) and
decisions with their follow-up."""

from __future__ import annotations

from django import forms

from sante_locale.coordination.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyMember,
    Decision,
    Dispositif,
    Meeting,
)
from sante_locale.structures.models import Person, Structure
from sante_locale.www.coordination.forms import DateInput, DateTimeInput


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["name", "kind", "dispositifs", "description"]
        widgets = {"dispositifs": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"dispositifs": "Une instance peut servir plusieurs dispositifs (un COPIL commun au CLS et à "
                                     "l'ASV) : cochez ceux que vous coordonnez."}

    def __init__(self, *args, dispositif=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dispositif = dispositif
        editable = Dispositif.objects.editable_by(user)
        if self.instance.pk:  # keep the dispositifs already served (maybe not editable by this user)
            editable = Dispositif.objects.filter(pk__in=editable.values("pk")) | self.instance.dispositifs.all()
        self.fields["dispositifs"].queryset = editable.distinct().order_by("name")
        self.fields["dispositifs"].error_messages["invalid_choice"] = (
            "Vous ne coordonnez pas l'un des dispositifs cochés : une instance ne peut être partagée qu'avec vos "
            "dispositifs.")
        if dispositif is not None and not self.is_bound and not self.instance.pk:
            self.initial["dispositifs"] = [dispositif.pk]

    def clean_dispositifs(self):
        chosen = self.cleaned_data["dispositifs"]
        if self.dispositif is not None and self.dispositif not in chosen:
            raise forms.ValidationError(f"L'instance doit servir au moins « {self.dispositif} », depuis lequel vous "
                                        "la gérez.")
        return chosen


class BodyMemberForm(forms.ModelForm):
    class Meta:
        model = BodyMember
        fields = ["person", "structure", "function"]

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields["person"].queryset = Person.objects.select_related("structure")
        self.fields["structure"].queryset = Structure.objects.all()

    def clean_person(self):
        person = self.cleaned_data["person"]
        if BodyMember.objects.filter(body=self.body, person=person).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Cette personne siège déjà dans l'instance.")
        return person


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["body", "title", "starts_at", "ends_at", "place", "status", "minutes", "is_public"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput(),
                   "minutes": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"starts_at": "Date et heure (heure de Paris).",
                      "is_public": "La date, le lieu et l'ordre du jour sont alors visibles sans connexion."}

    def __init__(self, *args, dispositif=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = dispositif.bodies.all() if dispositif is not None else Body.objects.all()
        self.fields["body"].empty_label = None
        self.fields["body"].error_messages["invalid_choice"] = (
            "Cette instance n'appartient pas à ce dispositif : choisissez l'une de ses instances (ou créez-la).")


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["person", "status"]

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["person"].queryset = Person.objects.select_related("structure")


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "owner", "due_on", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "due_on": DateInput()}
        error_messages = {"owner": {"required": "Désignez la personne responsable de cette décision : une décision "
                                                "sans responsable n'est pas suivie."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.select_related("structure")


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["status", "follow_up", "done_on", "due_on"]
        widgets = {"follow_up": forms.Textarea(attrs={"rows": 3}), "done_on": DateInput(), "due_on": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("status") == "done" and not data.get("done_on"):
            self.add_error("done_on", "Indiquez la date de réalisation.")
        return data
