from django import forms

from sante_locale.territories.models import Territory


class TerritoryForm(forms.Form):
    name = forms.CharField(label="Nom du territoire", max_length=150,
                           help_text="Par exemple : CLS de Lens-Liévin.")
    description = forms.CharField(label="Description (facultatif)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    members = forms.CharField(
        label="Communes", required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Codes INSEE ou noms exacts, un par ligne ou séparés par des virgules (ex. 62498, 62510).",
    )
    epci = forms.CharField(
        label="Ajouter toutes les communes d'un EPCI (facultatif)", required=False, max_length=200,
        help_text="SIREN à 9 chiffres, plusieurs séparés par des virgules (ex. 246200364).",
    )

    def __init__(self, *args, instance: Territory | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Territory.objects.filter(name__iexact=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Un territoire porte déjà ce nom : choisissez-en un autre.")
        return name

    def epci_sirens(self) -> list[str]:
        return [s.strip() for s in self.cleaned_data.get("epci", "").split(",") if s.strip()]
