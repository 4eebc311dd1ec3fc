from django import forms
from django.contrib.auth import get_user_model

from sante_locale.territories.custom import name_taken
from sante_locale.territories.models import Territory


def _usernames(text: str) -> list[str]:
    return [u.strip() for u in text.replace(",", "\n").splitlines() if u.strip()]


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
    visibility = forms.ChoiceField(
        label="Qui peut le voir", choices=Territory.VISIBILITIES, initial="private", required=False,
        help_text="Privé par défaut : vous seul, les personnes ci-dessous et les administrateurs.",
    )
    readers = forms.CharField(
        label="Partagé en lecture avec (facultatif)", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Identifiants de connexion, un par ligne. Ces personnes voient le territoire et son portrait.",
    )
    editors = forms.CharField(
        label="Partagé en modification avec (facultatif)", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Identifiants de connexion, un par ligne. Ces personnes peuvent aussi modifier ses communes.",
    )

    def __init__(self, *args, owner=None, instance: Territory | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.instance = instance
        if instance is not None and owner is not None and instance.owner_id != owner.pk:
            # only the owner (or an administrator) changes who sees the territory
            for name in ("visibility", "readers", "editors"):
                self.fields[name].disabled = True

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        owner = self.instance.owner if self.instance is not None else self.owner
        if owner is not None and name_taken(owner, name, self.instance):
            raise forms.ValidationError("Vous avez déjà un territoire de ce nom : choisissez-en un autre.")
        return name

    def _users(self, field: str) -> list:
        names = _usernames(self.cleaned_data.get(field, ""))
        found = {u.username: u for u in get_user_model().objects.filter(username__in=names, is_active=True)}
        unknown = [n for n in names if n not in found]
        if unknown:
            raise forms.ValidationError("Identifiant(s) inconnu(s) : " + ", ".join(unknown)
                                        + ". Vérifiez l'orthographe de l'identifiant de connexion.")
        return [found[n] for n in dict.fromkeys(names)]

    def clean_visibility(self):
        return self.cleaned_data.get("visibility") or "private"

    def clean_readers(self):
        return self._users("readers")

    def clean_editors(self):
        return self._users("editors")

    def epci_sirens(self) -> list[str]:
        return [s.strip() for s in self.cleaned_data.get("epci", "").split(",") if s.strip()]
