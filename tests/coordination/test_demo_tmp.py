import pytest
pytestmark = pytest.mark.django_db

def test_print(tmp_path, monkeypatch):
    monkeypatch.setenv("SANTE_LOCALE_HOME", str(tmp_path))
    from sante_locale import demo
    s = demo.prepare()
    print("\n".join(s.lines))
    from sante_locale.accounts.access import Operator
    from sante_locale.coordination.articulation import gather
    from sante_locale.coordination.exports import articulation_json
    from sante_locale.territories.lookup import get_unit
    import json
    for lvl, code in (("epci", "246200364"), ("departement", "62")):
        art = gather(get_unit(lvl, code), Operator())
        j = articulation_json(art)
        j["gaps"]["communes_without_cls_asv"] = len(j["gaps"]["communes_without_cls_asv"])
        print(json.dumps(j, ensure_ascii=False, indent=1)[:6000])
    from sante_locale.territories.models import QPV, Commune
    print([ (c.insee_code, c.name, c.population) for c in Commune.objects.filter(epci__epci_siren="246200364", qpvs__isnull=False).distinct()])
    print([ (c.insee_code, c.name, c.population) for c in Commune.objects.filter(epci__epci_siren="246200364", name__in=["Liévin", "Angres", "Éleu-dit-Leauwette", "Givenchy-en-Gohelle", "Souchez", "Ablain-Saint-Nazaire"])])
    assert 0
