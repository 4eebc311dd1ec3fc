"""Annuaire Santé reader: real sample, and one test per kind of bad input."""

import zipfile
from pathlib import Path

import pytest

from sante_locale.core.professions import PROFESSIONS, profession_from_rpps
from sante_locale.core.sources.errors import SourceError
from sante_locale.core.sources.rpps import (
    RPPS_COLUMNS,
    RppsReader,
    TeleconsultationFilter,
    read_rpps,
)

HEADER = "|".join(RPPS_COLUMNS) + "|"
GP = dict(
    zip(
        RPPS_COLUMNS,
        "8|10100271385|810100271385|DR|Docteur|M|Monsieur|LEGER|ROMAIN|10|Médecin|C|Civil|S|"
        "Spécialité ordinale|SM53|Spécialiste en Médecine Générale|S|Salarié|26250462400012||"
        "250000700|250000452|F250000700|CHI HC SITE RIVES DU DOUBS PONTARLIER||||2||FG|Faubourg|"
        "SAINT ETIENNE|CS 10329|25304 PONTARLIER CEDEX|25304|25462|Pontarlier|||0381385454||"
        "0381385480|contact@chi-hautecomte.fr|||1250000700|CNOM/CNOM/ARS|SA01|"
        "Etablissement Public de santé|||".split("|")[:52],
        strict=True,
    )
)
NAME = "PS_LibreAcces_Personne_activite_202611230000.txt"


def line(**changes: str) -> str:
    row = dict(GP)
    for key, value in changes.items():
        row[key] = value
    return "|".join(row[c] for c in RPPS_COLUMNS) + "|"


def cabinet(rpps_id: str, **changes: str) -> str:
    """A libéral GP in a cabinet identified by SIRET only."""
    base = {
        "Identifiant PP": rpps_id,
        "Numéro FINESS site": "",
        "Numéro FINESS établissement juridique": "",
        "Numéro SIRET site": "12345678900011",
        "Raison sociale site": "CABINET MEDICAL DU CENTRE",
        "Code mode exercice": "L",
        "Code postal (coord. structure)": "62300",
        "Code commune (coord. structure)": "62498",
        "Code secteur d'activité": "SA07",
    }
    base.update(changes)
    return line(**base)


def write(tmp_path: Path, *lines: str, name: str = NAME, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_real_sample_keeps_the_gp_and_skips_the_audioprothesiste(rpps_sample):
    data = read_rpps(rpps_sample)
    assert data.encoding == "utf-8"
    assert data.professionals.to_dict("records") == [
        {
            "rpps_id": "10100271385",
            "id_type": "8",
            "last_name": "LEGER",
            "first_name": "ROMAIN",
            "profession": "medecin_generaliste",
            "savoir_faire_code": "SM53",
        }
    ]
    site = data.sites.iloc[0]
    assert (site.site_key, site.insee_code, site.address) == (
        "F250000700",
        "25462",
        "2 Faubourg SAINT ETIENNE",
    )
    act = data.activities.iloc[0]
    assert (act["mode"], act["sector_code"], act["line"]) == ("S", "SA01", 3)
    assert data.skipped_professions == {"26": 1}
    assert data.set_aside == []


def test_header_of_the_sample_is_the_52_expected_columns(rpps_sample):
    header = rpps_sample.read_text(encoding="utf-8").splitlines()[0]
    assert header == HEADER
    assert len(RPPS_COLUMNS) == 52


def test_zip_as_downloaded_is_read_directly(tmp_path, rpps_sample):
    archive = tmp_path / "PS_LibreAcces_202611230000.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(rpps_sample, "PS_LibreAcces_Personne_activite_202611230000.txt")
        z.writestr("PS_LibreAcces_Dipl_AutExerc_202611230000.txt", "x")
    data = read_rpps(archive)
    assert data.file_name == (
        "PS_LibreAcces_202611230000.zip › PS_LibreAcces_Personne_activite_202611230000.txt"
    )
    assert list(data.activities["rpps_id"]) == ["10100271385"]


def test_zip_without_the_expected_member_is_fatal_and_lists_members(tmp_path):
    archive = tmp_path / "annuaire.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("PS_LibreAcces_Dipl_AutExerc_x.txt", "x")
        z.writestr("PS_LibreAcces_SavoirFaire_x.txt", "y")
    with pytest.raises(SourceError) as err:
        read_rpps(archive)
    assert str(err.value) == (
        "fichier annuaire.zip : l'archive ne contient aucun fichier "
        "PS_LibreAcces_Personne_activite*.txt (contenu : PS_LibreAcces_Dipl_AutExerc_x.txt, "
        "PS_LibreAcces_SavoirFaire_x.txt). Vérifiez que vous avez téléchargé la bonne archive, "
        "ou extrayez le bon fichier et importez-le directement."
    )
    assert (err.value.file, err.value.line, err.value.column) == ("annuaire.zip", None, None)


def test_wrong_separator_is_fatal_and_named(tmp_path):
    path = write(tmp_path, HEADER.replace("|", ";"), line().replace("|", ";"))
    with pytest.raises(SourceError) as err:
        read_rpps(path)
    assert (err.value.file, err.value.line, err.value.column) == (NAME, 1, None)
    assert str(err.value).startswith(
        f"fichier {NAME}, ligne 1 : le séparateur attendu « | » est absent de l'en-tête : "
        "le fichier est séparé par « ; » (point-virgule). Importez le fichier tel que "
    )


def test_missing_column_is_fatal_and_named(tmp_path):
    col = "Code commune (coord. structure)"
    keep = [c for c in RPPS_COLUMNS if c != col]
    header = "|".join(keep) + "|"
    body = "|".join(GP[c] for c in keep) + "|"
    with pytest.raises(SourceError) as err:
        read_rpps(write(tmp_path, header, body))
    assert (err.value.line, err.value.column) == (1, col)
    assert str(err.value).startswith(
        f"fichier {NAME}, ligne 1, colonne « {col} » : colonne absente ou renommée dans "
        "l'en-tête. Le fichier doit être l'extraction « PS_LibreAcces_Personne_activite » de "
        "l'Annuaire Santé avec ses 52 colonnes"
    )


def test_renamed_column_is_fatal_and_names_both(tmp_path):
    header = HEADER.replace("|Code postal (coord. structure)|", "|Code Postal|")
    with pytest.raises(SourceError) as err:
        read_rpps(write(tmp_path, header, line()))
    assert err.value.column == "Code postal (coord. structure)"
    assert "(à sa place, colonne n° 36 : « Code Postal »)" in str(err.value)


def test_truncated_last_line_is_fatal(tmp_path):
    full = cabinet("10000000001")
    cut = full[: full.index("|62498|") + 4]  # download stopped inside the commune code
    path = tmp_path / NAME
    path.write_text(HEADER + "\n" + full + "\n" + cut, encoding="utf-8")
    with pytest.raises(SourceError) as err:
        read_rpps(path)
    assert (err.value.line, err.value.column) == (3, "Code commune (coord. structure)")
    assert str(err.value) == (
        f"fichier {NAME}, ligne 3, colonne « Code commune (coord. structure) » : dernière "
        "ligne tronquée (36 séparateurs « | » au lieu de 52). Le téléchargement a probablement "
        "été interrompu : téléchargez à nouveau le fichier complet. Rien n'a été importé."
    )


def test_line_with_extra_separator_in_the_middle_is_fatal(tmp_path):
    bad = cabinet("10000000002", **{"Raison sociale site": "CABINET A|B"})
    path = write(tmp_path, HEADER, bad, cabinet("10000000001"))
    with pytest.raises(SourceError) as err:
        read_rpps(path)
    assert err.value.line == 2
    assert "53 séparateurs « | » au lieu de 52" in str(err.value)


def test_unknown_commune_code_is_set_aside_with_reason(tmp_path):
    path = write(
        tmp_path,
        HEADER,
        cabinet("10000000001"),
        cabinet("10000000002", **{"Code commune (coord. structure)": "99999"}),
    )
    data = read_rpps(path, known_communes={"62498", "62510"})
    assert list(data.activities["rpps_id"]) == ["10000000001"]
    [aside] = data.set_aside
    assert (aside.line, aside.reason, aside.column, aside.value) == (
        3,
        "code commune inconnu",
        "Code commune (coord. structure)",
        "99999",
    )
    assert str(aside) == (
        "ligne 3 : code commune inconnu (colonne « Code commune (coord. structure) », "
        "valeur « 99999 »)"
    )


def test_duplicated_line_is_set_aside(tmp_path):
    gp = cabinet("10000000001")
    path = write(tmp_path, HEADER, gp, cabinet("10000000002"), gp)
    data = read_rpps(path)
    assert len(data.activities) == 2
    assert [(a.line, a.reason) for a in data.set_aside] == [
        (4, "ligne en double (même activité que la ligne 2)")
    ]


def test_latin1_file_is_read_correctly(tmp_path):
    path = write(
        tmp_path,
        HEADER,
        cabinet("10000000001", **{"Prénom d'exercice": "HÉLÈNE", "Nom d'exercice": "LEFÈVRE"}),
        encoding="latin-1",
    )
    reader = RppsReader(path)
    data = reader.read()
    assert (data.encoding, data.encoding_label) == ("latin-1", "Latin-1 (ISO-8859-1)")
    assert data.professionals.loc[0, ["last_name", "first_name"]].tolist() == [
        "LEFÈVRE",
        "HÉLÈNE",
    ]


def test_empty_file_is_fatal(tmp_path):
    path = tmp_path / NAME
    path.write_bytes(b"")
    with pytest.raises(SourceError) as err:
        read_rpps(path)
    assert str(err.value) == (
        f"fichier {NAME} : le fichier est vide. Téléchargez-le à nouveau depuis le site de "
        "l'éditeur : le téléchargement a probablement échoué."
    )


def test_teleconsultation_platform_is_set_aside(tmp_path):
    path = write(
        tmp_path,
        HEADER,
        cabinet("10000000001", **{"Raison sociale site": "Téléconsultation Médecins SAS"}),
        cabinet("10000000002", **{"Raison sociale site": "", "Enseigne commerciale site": "QARE"}),
        cabinet("10000000003", **{"Raison sociale site": "CABINET DU DR LIVIO"}),
    )
    data = read_rpps(path)
    assert [(a.line, a.reason) for a in data.set_aside] == [
        (2, "plateforme de téléconsultation"),
        (3, "plateforme de téléconsultation"),
    ]
    assert list(data.activities["rpps_id"]) == ["10000000003"]


def test_teleconsultation_filter_by_siret_is_configurable(tmp_path):
    path = write(tmp_path, HEADER, cabinet("10000000001"))
    filt = TeleconsultationFilter(sirets=frozenset({"12345678900011"}))
    data = read_rpps(path, teleconsultation=filt)
    assert data.activities.empty and data.set_aside[0].reason == "plateforme de téléconsultation"


def test_missing_commune_resolved_from_postcode(tmp_path):
    empty = {"Code commune (coord. structure)": ""}
    path = write(
        tmp_path,
        HEADER,
        cabinet("10000000001", **empty),
        cabinet(
            "10000000002",
            **empty,
            **{"Code postal (coord. structure)": "62800", "Numéro SIRET site": "22222222200022"},
        ),
        cabinet(
            "10000000003",
            **empty,
            **{"Code postal (coord. structure)": "00000", "Numéro SIRET site": "33333333300033"},
        ),
    )
    mapping = {"62300": ["62498"], "62800": ["62510", "62495"]}
    data = read_rpps(path, postcode_to_insee=mapping, populations={"62510": 30149, "62495": 900})  # fmt: skip
    sites = data.sites.set_index("insee_code")["commune_source"].to_dict()
    assert sites == {"62498": "code postal", "62510": "code postal (commune la plus peuplée)"}
    assert [(a.line, a.reason) for a in data.set_aside] == [
        (4, "code commune vide et code postal inconnu")
    ]
    no_pop = read_rpps(path, postcode_to_insee=mapping)
    assert [a.reason for a in no_pop.set_aside][0] == (
        "code commune vide et code postal partagé par plusieurs communes (62495, 62510)"
    )


def test_grouping_into_professionals_sites_and_activities(tmp_path):
    path = write(
        tmp_path,
        HEADER,
        cabinet("10000000001"),
        cabinet("10000000002"),  # same SIRET: same cabinet
        cabinet("10000000001", **{"Numéro SIRET site": "", "Raison sociale site": "ANTENNE",
                                   "Code commune (coord. structure)": "62510"}),
        cabinet("10000000004", **{"Code profession": "60", "Code savoir-faire": ""}),
        cabinet("10000000005", **{"Code savoir-faire": "SM33"}),
    )  # fmt: skip
    data = read_rpps(path)
    assert len(data.professionals) == 4
    assert data.professionals.set_index("rpps_id")["profession"].to_dict() == {
        "10000000001": "medecin_generaliste",
        "10000000002": "medecin_generaliste",
        "10000000004": "infirmier",
        "10000000005": "medecin_specialiste",
    }
    assert len(data.sites) == 2
    assert data.sites["site_key"].tolist() == [
        "S12345678900011",
        "A62510:ANTENNE:2 FAUBOURG SAINT ETIENNE",
    ]
    assert data.activities.groupby("rpps_id").size().to_dict() == {
        "10000000001": 2,
        "10000000002": 1,
        "10000000004": 1,
        "10000000005": 1,
    }


def test_professional_without_site_is_kept_without_activity(tmp_path):
    no_site = {c: "" for c in RPPS_COLUMNS[19:47]}
    path = write(tmp_path, HEADER, line(**{"Identifiant PP": "10000000009", **no_site}))
    data = read_rpps(path)
    assert data.professionals["rpps_id"].tolist() == ["10000000009"]
    assert data.activities.empty and data.set_aside == []


@pytest.mark.parametrize(
    ("code", "sf", "expected"),
    [
        ("10", "SM53", "medecin_generaliste"),
        ("10", "SM54", "medecin_generaliste"),
        ("10", "SM26", "medecin_generaliste"),
        ("10", "SM02", "medecin_specialiste"),
        ("60", "", "infirmier"),
        ("70", "", "masseur_kinesitherapeute"),
        ("50", "", "sage_femme"),
        ("40", "", "chirurgien_dentiste"),
        ("21", "", "pharmacien"),
        ("91", "", "orthophoniste"),
        ("93", "", "psychologue"),
        ("26", "", None),
    ],
)
def test_profession_mapping(code, sf, expected):
    assert profession_from_rpps(code, sf) == expected
    if expected:
        assert PROFESSIONS[expected].rpps_code == code


def test_sample_readme_names_the_rpps_sample(shared):
    readme = shared("samples/README.md").read_text(encoding="utf-8")
    assert "rpps_PS_LibreAcces_Personne_activite_sample.txt" in readme


def test_missing_commune_without_postcode_table_is_set_aside(tmp_path):
    path = write(
        tmp_path, HEADER, cabinet("10000000001", **{"Code commune (coord. structure)": ""})
    )
    data = read_rpps(path)
    assert data.activities.empty
    assert [(a.line, a.reason, a.value) for a in data.set_aside] == [
        (2, "code commune vide (aucune correspondance code postal → commune fournie)", "62300")
    ]
