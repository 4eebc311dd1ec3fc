"""Every importer of the registry refuses a bad file and leaves every table as it was.

One parametrised test runs each kind of the registry (:func:`importable`) against the same
bad files: a header-only file, a missing column, a truncated line, negative counts (kinds
with counts), non-finite and ``-999`` coordinates (kinds with coordinates), a UTF-16 file
and random bytes. Each bad file is made from a good file of the kind, imported first, so a
wrongful replacement would show; the whole database (every table, every row) is compared
before and after, and the refusal must be the French message of the case, exit code 2.
"""

from __future__ import annotations

import random

import openpyxl
import pytest

from sante_locale.cli import main
from sante_locale.core.formats import plain
from sante_locale.offer.imports import importable

pytestmark = pytest.mark.django_db

CASES = ("header_only", "missing_column", "truncated_line", "negative_count", "nan_coordinate",
         "minus_999_coordinate", "utf16", "random_bytes")
#: Why a case does not apply to a kind (anything else must have a bad file below).
NOT_APPLICABLE = {
    ("rpps", "negative_count"): "no count in the Annuaire Santé",
    ("finess", "negative_count"): "no count in FINESS",
    ("zonage", "negative_count"): "zoning classes, no count",
    ("qpv", "negative_count"): "no count in the QPV layer",
    ("ages", "negative_count"): "a year of birth, not a count: out-of-range years are set aside",
    **{(kind, case): "no coordinates in this kind"
       for kind in ("rpps", "insee", "apl-drees", "zonage", "ages")
       for case in ("nan_coordinate", "minus_999_coordinate")},
}
NEW_NAMES = {  # the bad file's name: a later vintage, so that a wrongful import would show
    "rpps": "PS_LibreAcces_Personne_activite_202611010800.txt",
    "finess": "etalab-cs1100507-stock-20261101.csv",
    "insee": "base-cc-evol-struct-pop-2022.csv",
    "apl-drees": "apl_generalistes_2026.xlsx",
    "zonage": "zonage-infirmiers-20261101.csv",
    "qpv": "qpv2024-20261101.geojson",
    "ages": "ages-ars-20261101.csv",
}
UTF16 = "le fichier est encodé en UTF-16 (Unicode sur 2 octets), que ce lecteur ne lit pas"
NOT_TEXT = "le fichier n'est pas un fichier texte (octets binaires"
INSEE = ("CODGEO;LIBGEO;P21_POP;P21_POP0014;P21_POP1529;P21_POP3044;P21_POP4559;P21_POP6074;P21_POP75P\n"
         "62498;Lens;32618;6600;6400;6000;6000;5218;2400\n"
         "62510;Liévin;30785;6000;6000;6000;6000;4785;2000\n"
         "62193;Carvin;17000;3000;3000;3000;3000;3000;2000\n")
AGES = "rpps_id;annee_naissance\n10100271385;1968\n10000000002;1975\n"
QPV = "real/anct_qpv2024_communes/centroide-4326_qpv.geojson"
ZONAGE = "real/cartosante_zonage_infirmiers_communes/zonage-raw.csv.gz"
APL = "real/drees_apl_medecins_generalistes_2022_2023/apl_mg_2022_2023_hauts_de_france.csv"


def _random_bytes(n: int = 4096) -> bytes:
    return random.Random(15).randbytes(n)


def _apl_workbook(shared, path, *, rows=True, drop_standardised=False, negative=False):
    """A workbook in the DREES layout, with real values of the shared CSV for three communes."""
    lines = [line.split(",") for line in shared(APL).read_text(encoding="utf-8").splitlines()[1:]]
    wb = openpyxl.Workbook()
    wb.active.title = "Paramètres"
    for year in ("2022", "2023"):
        ws = wb.create_sheet(f"APL {year}")
        ws.append(["Accessibilité potentielle localisée (APL) aux médecins généralistes"])
        ws.append([f"Millésime : {year}"])
        header = ["Code commune INSEE", "Commune", "APL aux médecins généralistes",
                  "APL aux médecins généralistes de moins de 65 ans",
                  "Population standardisée 2020 pour la médecine générale", "Population totale 2020"]
        keep = [i for i, h in enumerate(header) if not (drop_standardised and h.startswith("Population standardisée"))]
        ws.append([header[i] for i in keep])
        ws.append(["", "", "En nombre de consultations/visites accessibles par an par habitant standardisé"])
        for r in lines if rows else ():
            if r[0] == year and r[1] in {"62498", "62510", "62193"}:
                values = [r[1], r[2], float(r[3]), float(r[4]), float(r[5]), float(r[6])]
                if negative and r[1] == "62510":
                    values[5] = -values[5]
                ws.append([values[i] for i in keep])
    wb.save(path)
    return path


def _zonage_text(shared) -> str:
    import gzip

    with gzip.open(shared(ZONAGE), "rt", encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    return "\n".join(lines[:3] + [x for x in lines[3:] if x[:5] in {"62498", "62510", "62193"}]) + "\n"


def _good(kind: str, tmp_path, shared, make_rpps_file, finess_file):
    """A good file of ``kind`` (imported before each bad one)."""
    if kind == "rpps":
        return make_rpps_file()
    if kind == "finess":
        return finess_file
    if kind == "insee":
        path = tmp_path / "base-cc-evol-struct-pop-2021.csv"
        path.write_text(INSEE, encoding="utf-8")
        return path
    if kind == "apl-drees":
        return _apl_workbook(shared, tmp_path / "apl_generalistes.xlsx")
    if kind == "zonage":
        path = tmp_path / "zonage-infirmiers.csv"
        path.write_text(_zonage_text(shared), encoding="utf-8")
        return path
    if kind == "qpv":
        return shared(QPV)
    if kind == "ages":
        path = tmp_path / "ages-ars-20260101.csv"
        path.write_text(AGES, encoding="utf-8")
        return path
    raise AssertionError(f"no good file for the import kind {kind}: add one to this test")


def _drop_field(line: str, sep: str, index: int) -> str:
    fields = line.split(sep)
    return sep.join(fields[:index] + fields[index + 1:])


def _bad(kind: str, case: str, good, tmp_path, shared, make_rpps_file):
    """(bad file, expected French message) of ``kind`` for ``case``."""
    path = tmp_path / "mauvais" / NEW_NAMES[kind]
    path.parent.mkdir(exist_ok=True)
    if case == "random_bytes":
        if kind == "insee":  # a download saved under the workbook's name
            path = path.with_name("base-cc-evol-struct-pop-2022.xlsx")
            path.write_bytes(_random_bytes())
            return path, "classeur Excel illisible (BadZipFile)"
        path.write_bytes(_random_bytes())
        return path, ("classeur Excel illisible (BadZipFile)" if kind == "apl-drees" else NOT_TEXT)
    if case == "utf16":
        if kind == "apl-drees":  # the compact CSV form of the registry's kind is text
            path = path.with_name("apl_generalistes_2026.csv")
            text = "Millésime;Code commune INSEE;Commune;APL aux médecins généralistes\n2023;62498;Lens;5.862\n"
        else:
            text = good.read_text(encoding="utf-8-sig")
        path.write_bytes(text.encode("utf-16"))
        return path, UTF16
    if kind == "apl-drees":
        if case == "truncated_line":
            data = good.read_bytes()
            path.write_bytes(data[: len(data) // 2])
            return path, "classeur Excel illisible (BadZipFile)"
        options = {"header_only": {"rows": False}, "missing_column": {"drop_standardised": True},
                   "negative_count": {"negative": True}}[case]
        _apl_workbook(shared, path, **options)
        return path, {
            "header_only": "feuille « APL 2022 » : la feuille ne contient que l'en-tête, aucune ligne de commune",
            "missing_column": "ligne 3, colonne « Population standardisée … » : colonne absente de l'en-tête",
            "negative_count": "colonne « Population totale 2020 » : valeur « -",
        }[case]
    if kind == "rpps" and case == "missing_column":
        return make_rpps_file(name=NEW_NAMES[kind], drop_column="Code profession"), (
            "ligne 1, colonne « Code profession » : colonne absente ou renommée dans l'en-tête")
    text = good.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    header = {"finess": 1, "zonage": 3}.get(kind, 1)
    if case == "header_only":
        text = "\n".join(lines[:header]) + "\n"
        if kind == "qpv":
            text = '{"type": "FeatureCollection", "name": "qpv", "features": []}\n'
        expected = {"finess": "le fichier ne contient que sa première ligne, aucun établissement",
                    "qpv": "la couche ne contient aucune entité (aucun QPV)"}.get(
            kind, "le fichier ne contient que l'en-tête, aucune ligne de données")
    elif case == "missing_column":
        if kind == "finess":  # no header: a column missing is a field missing on every line
            lines = [_drop_field(x, ";", 18) if x.startswith("structureet") else x for x in lines]
            text, expected = "\n".join(lines) + "\n", (
                "ligne 2, colonne « datemaj » : 31 champs au lieu de 32 pour une ligne « structureet »")
        elif kind == "insee":
            text = "\n".join(_drop_field(x, ";", 3) for x in lines) + "\n"
            expected = "ligne 1, colonne « P21_POP0014 » : colonne absente de l'en-tête"
        elif kind == "zonage":
            text = "\n".join(lines[:2] + [_drop_field(x, ";", 2) for x in lines[2:]]) + "\n"
            expected = "ligne 3, colonne « Zonage … » : aucune colonne « Zonage <profession> »"
        elif kind == "qpv":
            text = text.replace('"insee_com":', '"commune":')
            expected = "colonne « insee_com » : attribut absent de toutes les entités"
        elif kind == "ages":
            text = text.replace("annee_naissance", "naissance")
            expected = "ligne 1, colonne « annee_naissance » : colonne absente de l'en-tête"
    elif case == "truncated_line":
        if kind == "qpv":
            text = text[: len(text) // 2]
            expected = "GeoJSON invalide"
        else:
            last = lines[-1]
            cut = {"ages": last.split(";")[0], "insee": "62193;Carvin;200", "zonage": last[:9]}.get(kind, last[:40])
            text = "\n".join([*lines[:-1], cut])
            n = len(lines)
            expected = {
                "rpps": f"ligne {n}, colonne « Libellé civilité » : dernière ligne tronquée (6 séparateurs",
                "finess": f"ligne {n}, colonne « coordyet » : dernière ligne tronquée (4 champs au lieu de 6)",
                "insee": f"ligne {n}, colonne « P21_POP » : 3 champs au lieu de 9 (ligne tronquée)",
                "zonage": f"ligne {n}, colonne « Zonage infirmiers » : 2 champs au lieu de 3 (ligne tronquée)",
                "ages": f"ligne {n} : 1 champs au lieu de 2",
            }[kind]
    elif case == "negative_count":  # insee (apl-drees above)
        text = text.replace("62498;Lens;32618;6600;", "62498;Lens;32618;-6600;")
        expected = "ligne 2, colonne « P21_POP0014 » : effectif négatif « -6600 »"
    elif case in ("nan_coordinate", "minus_999_coordinate"):
        if kind == "finess":
            if case == "nan_coordinate":
                text = text.replace("870262.2", "nan")
                expected = "colonne « coordxet » : coordonnée non numérique ou non finie « nan »"
            else:
                text = text.replace("6571540.8", "-999")
                expected = ("colonne « coordxet » : coordonnées (870262 ; -999) hors de la zone de validité de la "
                            "projection EPSG:2154")
        else:  # qpv: the 3rd feature, on line 8 of the GDAL layout
            at = lines[7].index('"coordinates": [') + len('"coordinates": [')
            end = lines[7].index("]", at)
            value = " NaN, 50.43 " if case == "nan_coordinate" else " 2.83, -999 "
            lines[7] = lines[7][:at] + value + lines[7][end:]
            text = "\n".join(lines) + "\n"
            expected = ("ligne 8, colonne « geometry » : " + (
                "coordonnée non finie : (NaN ; 50.43)" if case == "nan_coordinate" else
                "coordonnée hors des bornes du WGS84 (longitude entre -180 et 180, latitude entre -90 et 90) : "
                "(2.83 ; -999)") + " dans la géométrie de l'entité n° 3 (QPV QN00106M)")
    path.write_text(text, encoding="utf-8")
    return path, expected


def _matrix():
    for kind in importable():
        for case in CASES:
            if (kind.cli_name, case) not in NOT_APPLICABLE:
                yield pytest.param(kind.cli_name, case, id=f"{kind.cli_name}-{case}")


def test_every_kind_of_the_registry_is_covered():
    """A new kind in the registry must come here with its bad files (or a reason per case)."""
    names = {k.cli_name for k in importable()}
    assert set(NEW_NAMES) == names
    assert {kind for kind, _ in NOT_APPLICABLE} <= names
    for kind in names:
        applicable = [c for c in CASES if (kind, c) not in NOT_APPLICABLE]
        assert {"header_only", "missing_column", "truncated_line", "utf16", "random_bytes"} <= set(applicable)


@pytest.mark.parametrize(("kind", "case"), list(_matrix()))
def test_bad_file_is_refused_in_french_and_the_database_is_unchanged(
        kind, case, tmp_path, shared, make_rpps_file, finess_file, capsys, db_state, tables_changed):
    if kind == "ages":  # years of birth go onto professionals already imported
        assert main(["import", "rpps", str(make_rpps_file())]) == 0
    good = _good(kind, tmp_path, shared, make_rpps_file, finess_file)
    assert main(["import", kind, str(good)]) == 0, capsys.readouterr().err
    bad, expected = _bad(kind, case, good, tmp_path, shared, make_rpps_file)
    capsys.readouterr()
    before = db_state()
    assert main(["import", kind, str(bad)]) == 2
    err = plain(capsys.readouterr().err)
    assert "Erreur inattendue" not in err and "Traceback" not in err
    assert f"\nErreur : fichier {bad.name}" in err, err
    assert expected in err, err
    assert err.rstrip().endswith("Rien n'a été modifié dans la base.")
    assert tables_changed(before, db_state()) == []
    assert main(["import", kind, str(bad), "--verifier"]) == 2  # checking only says the same
    assert expected in plain(capsys.readouterr().err)
