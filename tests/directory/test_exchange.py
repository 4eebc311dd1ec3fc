"""data·inclusion exchange: lossless round trip for the schema's fields (JSON and CSV),
validation by the schema package, all-or-nothing imports, bad input in French."""

import json

import pytest
from data_inclusion.schema import v1

from sante_locale.core.sources.data_inclusion import csv_files, dump_json, read, to_record
from sante_locale.core.sources.errors import SourceError
from sante_locale.directory.exchange import ImportRefused, export_records, import_bundle
from sante_locale.directory.models import Service

STRUCTURE = {
    "source": "dora", "id": "dora--s1", "nom": "Centre social Les Tilleuls", "date_maj": "2026-06-01",
    "description": "Un centre social de quartier, avec une permanence santé.", "siret": "13003013300016",
    "commune": "LENS", "code_postal": "62300", "code_insee": "62498", "adresse": "2 rue des Tilleuls",
    "complement_adresse": "Bâtiment B", "longitude": 2.83, "latitude": 50.43, "telephone": "+33321111111",
    "courriel": "accueil@example.org", "site_web": "https://example.org/", "horaires_accueil": "Mo-Fr 09:00-12:00",
    "accessibilite_lieu": "https://acceslibre.beta.gouv.fr/app/erp/exemple/", "reseaux_porteurs": ["caf"],
    "lien_source": "https://dora.example.org/structures/s1",
}
SERVICE = {
    "source": "dora", "structure_id": "dora--s1", "id": "dora--42", "nom": "Aide à la complémentaire santé",
    "description": "Une conseillère vous aide à demander la complémentaire santé solidaire.",
    "lien_source": "https://dora.example.org/services/42", "date_maj": "2026-10-01", "type": "accompagnement",
    "thematiques": ["sante--acces-aux-soins",
                    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
    "frais": "payant", "frais_precisions": "2 € d'adhésion", "publics": ["familles", "seniors"],
    "publics_precisions": "Plus de 60 ans", "conditions_acces": "Habiter la commune", "commune": "Lens",
    "code_postal": "62300", "code_insee": "62498", "adresse": "2 rue des Tilleuls", "complement_adresse": "Salle 3",
    "longitude": 2.831, "latitude": 50.431, "telephone": "+33321222222", "courriel": "sante@example.org",
    "contact_nom_prenom": "Camille Martin", "modes_accueil": ["a-distance", "en-presentiel"],
    "zone_eligibilite": ["62498", "246200364"], "lien_mobilisation": "https://example.org/rdv",
    "modes_mobilisation": ["envoyer-un-courriel", "telephoner"], "mobilisable_par": ["professionnels", "usagers"],
    "mobilisation_precisions": "Appelez le matin", "volume_horaire_hebdomadaire": 3.5, "nombre_semaines": 4,
    "horaires_accueil": "Tu,Th 14:00-17:00; PH off",
}


def _canonical(model, record):
    return to_record(model.model_validate(record))


def _write(tmp_path, structures, services, name="di.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"structures": structures, "services": services}), encoding="utf-8")
    return path


def _export(tmp_path, fmt):
    structures, services = export_records(Service.objects.all())
    if fmt == "csv":
        path = tmp_path / "export.csv"
        for target, text in csv_files(path, structures, services):
            target.write_text(text, encoding="utf-8")
    else:
        path = tmp_path / "export.json"
        path.write_text(dump_json(structures, services), encoding="utf-8")
    return path


def test_csv_cells_a_spreadsheet_would_run_are_guarded_and_come_back_whole(db, tmp_path):
    """A phone number « +33… » or a name « =HYPERLINK(…) » is not run by Excel (apostrophe), and the
    import of the export gives the exact text back."""
    service = {**SERVICE, "nom": '=HYPERLINK("https://exemple.invalid","Aide")'}
    import_bundle(read(_write(tmp_path, [STRUCTURE], [service])))
    path = _export(tmp_path, "csv")
    text = path.read_text(encoding="utf-8")
    assert "'+33321222222" in text and "'=HYPERLINK" in text
    assert "\n+33" not in text and ",+33" not in text and ',"=HYPERLINK' not in text
    (back, _, _), = read(path, "csv").services
    assert (back.nom, back.telephone) == (service["nom"], "+33321222222")


@pytest.mark.parametrize("fmt", ["data-inclusion-json", "csv"])
def test_round_trip_is_lossless_for_the_schema_fields(db, tmp_path, fmt):
    report = import_bundle(read(_write(tmp_path, [STRUCTURE], [SERVICE])))
    assert (report.structures_created, report.services_created) == (1, 1)
    exported = read(_export(tmp_path, fmt), fmt)
    assert not exported.invalid
    (structure, _, _), = exported.structures
    (service, _, _), = exported.services
    assert to_record(structure) == _canonical(v1.Structure, STRUCTURE)
    assert to_record(service) == _canonical(v1.Service, SERVICE)
    # and back in: same objects, updated, nothing created
    again = import_bundle(exported)
    assert (again.structures_created, again.services_created, again.services_updated) == (0, 0, 1)


def test_our_fields_travel_in_extension_keys(service, tmp_path):
    from sante_locale.directory.factories import MobileStopFactory

    service.themes = ["sante-locale--pass", "sante--sante-mentale"]
    service.what_to_bring = "Carte Vitale"
    service.save()
    MobileStopFactory(service=service, place="Cité 12", opening_hours="We 09:00-12:00")
    path = _export(tmp_path, "data-inclusion-json")
    data = json.loads(path.read_text())
    record = data["services"][0]
    assert record["thematiques"] == ["sante--acces-aux-soins", "sante--sante-mentale"]  # ours mapped
    assert record["sante_locale_thematiques"] == ["sante-locale--pass"]
    Service.objects.all().delete()
    import_bundle(read(path))
    back = Service.objects.get()
    assert back.themes[0] == "sante-locale--pass" and back.what_to_bring == "Carte Vitale"
    assert [s.place for s in back.stops.all()] == ["Cité 12"]


def test_invalid_records_refuse_everything_unless_asked(db, tmp_path):
    bad = dict(SERVICE, id="dora--43", nom="X", publics=["tous-publics", "familles"])
    no_contact = {k: v for k, v in SERVICE.items() if k not in ("telephone", "courriel", "lien_mobilisation")}
    no_contact["id"] = "dora--44"
    bad_hours = dict(SERVICE, id="dora--45", horaires_accueil="lundi 9h-12h")
    bad_postcode = dict(SERVICE, id="dora--46", code_postal="99999")
    path = _write(tmp_path, [STRUCTURE], [SERVICE, bad, no_contact, bad_hours, bad_postcode])
    with pytest.raises(ImportRefused) as refused:
        import_bundle(read(path))
    reasons = "\n".join(str(r) for r in refused.value.invalid)
    assert "di.json, service n° 2 (id « dora--43 ») : champ « nom » : texte trop court (au moins 3 caractères)" in reasons
    assert "`tous-publics` ne peut pas être utilisé avec d’autres valeurs" in reasons
    assert "service n° 3 (id « dora--44 ») : aucun moyen de contact" in reasons
    assert "service n° 4 (id « dora--45 ») : champ « horaires_accueil » : Horaires « lundi 9h-12h » illisibles" in reasons
    assert "aucune commune n'a le code postal 99999" in reasons
    assert Service.objects.count() == 0  # nothing imported
    report = import_bundle(read(path), ignore_invalid=True)
    assert report.services_created == 1 and len(report.invalid) == 4
    assert Service.objects.get().external_id == "dora--42"


def test_check_only_writes_nothing(db, tmp_path):
    report = import_bundle(read(_write(tmp_path, [STRUCTURE], [SERVICE])), check_only=True)
    assert report.services_created == 1 and Service.objects.count() == 0
    assert "rien n'a été écrit" in report.lines()[-1]


@pytest.mark.parametrize("content, message", [
    ('{"type": "FeatureCollection", "features": []}', "n'est pas au format data·inclusion"),
    ("[1, 2, 3]", "n'est pas au format data·inclusion"),
    ('{"services": [', "JSON illisible"),
])
def test_a_file_that_is_not_data_inclusion(tmp_path, content, message):
    path = tmp_path / "autre.json"
    path.write_text(content)
    with pytest.raises(SourceError, match=message) as error:
        read(path)
    assert str(error.value).startswith("fichier autre.json")


def test_csv_without_required_columns(tmp_path):
    path = tmp_path / "services.csv"
    path.write_text("nom,description\nA,B\n")
    with pytest.raises(SourceError, match="colonne obligatoire absente"):
        read(path)


def test_markup_in_a_description_stays_inert_in_exports(service, tmp_path, client):
    service.description = 'Bonjour <script>alert("x")</script> & bienvenue aux <b>familles</b>.'
    service.save()
    text = _export(tmp_path, "data-inclusion-json").read_text()
    assert "<script" not in text and "\\u003cscript" in text
    assert json.loads(text)["services"][0]["description"] == service.description
    for url in (f"/annuaire/services/{service.pk}/", f"/annuaire/integration/services/{service.pk}/",
                "/annuaire/?q=Lens", "/annuaire/donnees/services.json"):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
    # the API answers JSON that browsers never sniff as HTML; the text is the text
    api = client.get(f"/api/annuaire/services/{service.pk}")
    assert api["Content-Type"].startswith("application/json") and api["X-Content-Type-Options"] == "nosniff"
    assert api.json()["description"] == service.description
    page = client.get(f"/annuaire/services/{service.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
