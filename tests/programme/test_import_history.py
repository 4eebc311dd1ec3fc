"""An imported action's history lists who imported it, and its pilots and partners from its
first record, as an action written on the page does."""

import pytest

from sante_locale.accounts.history import entries
from sante_locale.coordination.factories import DispositifFactory
from sante_locale.programme.models import Action
from sante_locale.programme.workbook import export_programme, import_programme

pytestmark = pytest.mark.django_db


def test_imported_actions_have_one_complete_history_record(cls, tmp_path):
    path = tmp_path / "p.xlsx"
    export_programme(cls["programme"], path)
    other = DispositifFactory(name="CLS importé")
    import_programme(other, path, user=cls["coordinator"])
    action = Action.objects.filter(objective__axis__programme__dispositif=other).order_by("code").first()
    records = list(action.history.all())
    assert len(records) == 1 and records[0].history_type == "+" and records[0].history_user == cls["coordinator"]
    assert [r.structure.name for r in records[0].pilots.all()] == ["Agence d'essai"]
    assert [r.structure.name for r in records[0].partners.all()] == ["Ville d'essai"]
    assert {c.insee_code for c in action.communes.all()} == {"62498", "62510"}
    assert entries(Action, action.pk)
