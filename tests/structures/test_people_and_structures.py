import pytest
from django.core.exceptions import ValidationError

from sante_locale.accounts.history import entries
from sante_locale.offer.models import Establishment
from sante_locale.structures.factories import PersonFactory, StructureFactory
from sante_locale.structures.models import Person, Structure
from sante_locale.territories.models import Commune

pytestmark = pytest.mark.django_db


def test_siret_and_finess_are_checked_in_french():
    structure = StructureFactory.build(siret="24620036400016", finess_code="62")
    with pytest.raises(ValidationError) as error:
        structure.full_clean()
    assert error.value.message_dict["siret"] == [
        "Le SIRET « 24620036400016 » a une clé de contrôle fausse : vérifiez les 14 chiffres."]
    assert "9 caractères" in error.value.message_dict["finess_code"][0]


def test_a_structure_finds_its_imported_finess_establishment():
    establishment = Establishment.objects.create(finess_code="620100057", name="CH de Lens", category_code="355",
                                                 commune=Commune.objects.get(insee_code="62498"), vintage="2026")
    assert StructureFactory(finess_code="620100057").establishment == establishment
    assert StructureFactory(finess_code="").establishment is None


def test_person_history_keeps_no_contact_and_erasure_purges_it(django_user_model):
    person = PersonFactory(email="marie.dupont@example.org", phone="03 21 00 00 00")
    person.function = "coordinatrice du CLS"
    person.save()
    record = Person.history.filter(id=person.pk).first()
    assert not hasattr(record, "email") and not hasattr(record, "phone")
    log = entries(Person, person.pk)
    assert [e.kind for e in log] == ["modification", "création"]
    assert [(c.field, c.after) for c in log[0].changes] == [("fonction", "coordinatrice du CLS")]
    pk = person.pk
    person.erase()
    assert not Person.objects.filter(pk=pk).exists() and not Person.history.filter(id=pk).exists()


def test_structure_history_records_who_changed_what():
    structure = StructureFactory(name="Association Prévention Santé")
    structure.name = "Association Prévention Santé Lens"
    structure.save()
    log = entries(Structure, structure.pk)
    assert log[0].changes[0].before == "Association Prévention Santé"
    assert log[0].changes[0].after == "Association Prévention Santé Lens"
