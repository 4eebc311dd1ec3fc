"""Small files built from the real shared samples, in the layout of the official files."""

import pytest

RPPS_SAMPLE = "samples/rpps_PS_LibreAcces_Personne_activite_sample.txt"
FINESS_SAMPLE = "samples/finess_etalab-cs1100502-stock-20260512_sample.csv"
FINESS_GEO = "samples/finess_geolocalisation_lines_fixture.csv"


def rpps_lines(shared, name="PS_LibreAcces_Personne_activite_202605120800.txt", tmp=None, drop_column=None):
    """The real sample's GP line moved to Lens and Liévin (communes of the test slice)."""
    header, _, gp = shared(RPPS_SAMPLE).read_text(encoding="utf-8").splitlines()[:3]
    cols = header.split("|")
    gp = gp.split("|")

    def line(**values):
        fields = list(gp)
        for column, value in values.items():
            fields[cols.index(column)] = value
        return fields

    commune, postcode = "Code commune (coord. structure)", "Code postal (coord. structure)"
    rows = [
        line(**{commune: "62498", postcode: "62300"}),
        line(**{commune: "62498", postcode: "62300"}),  # duplicated: set aside
        line(**{"Identifiant PP": "10000000002", "Identification nationale PP": "810000000002",
                "Code profession": "60", "Code savoir-faire": "", "Code mode exercice": "L",
                "Numéro SIRET site": "", "Numéro FINESS site": "", "Raison sociale site": "CABINET INFIRMIER",
                commune: "", postcode: "62800"}),  # commune found from the postcode (Liévin)
        line(**{"Identifiant PP": "10000000003", commune: "99999", "Numéro FINESS site": "999999999"}),  # unknown
    ]
    table = [cols, *rows]
    if drop_column is not None:
        i = cols.index(drop_column)
        table = [r[:i] + r[i + 1:] for r in table]
    path = tmp / name
    path.write_text("\n".join("|".join(r) for r in table) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def make_rpps_file(shared, tmp_path):
    """Callable: ``make_rpps_file(name=…, drop_column=…)`` → a small RPPS file in ``tmp_path``."""

    def make(name="PS_LibreAcces_Personne_activite_202605120800.txt", drop_column=None):
        return rpps_lines(shared, name=name, tmp=tmp_path, drop_column=drop_column)

    return make


@pytest.fixture
def rpps_file(shared, tmp_path):
    return rpps_lines(shared, tmp=tmp_path)


@pytest.fixture
def finess_file(shared, tmp_path):
    path = tmp_path / "etalab-cs1100507-stock-20260512.csv"
    text = shared(FINESS_SAMPLE).read_text(encoding="utf-8").rstrip("\n")
    geo = [g for g in shared(FINESS_GEO).read_text(encoding="utf-8").splitlines() if g.startswith("geolocalisation")]
    path.write_text(text + "\n" + "\n".join(geo) + "\n", encoding="utf-8")
    return path
