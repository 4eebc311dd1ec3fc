"""Files that are not 8-bit text are named as what they are, by every reader of text files."""

import io
import random

import openpyxl
import pytest

from sante_locale.core.access.odtable import pairs_from_od_table
from sante_locale.core.access.pointpairs import parse_point_pairs
from sante_locale.core.sources._io import check_text
from sante_locale.core.sources.age import read_birth_years
from sante_locale.core.sources.drees_apl import read_drees_apl
from sante_locale.core.sources.errors import SourceError
from sante_locale.core.sources.finess import read_finess
from sante_locale.core.sources.insee import read_insee_population
from sante_locale.core.sources.qpv import read_qpv
from sante_locale.core.sources.rpps import read_rpps
from sante_locale.core.sources.zonage import read_zonage

TEXT = "CODGEO;LIBGEO;P21_POP\n62498;Lens;32618\n62510;Liévin;30785\n"


@pytest.mark.parametrize(("encoding", "named"), [
    ("utf-16", "UTF-16 (Unicode sur 2 octets)"),
    ("utf-16-le", "UTF-16 (Unicode sur 2 octets, sans marque d'ordre des octets)"),
    ("utf-16-be", "UTF-16 (Unicode sur 2 octets, sans marque d'ordre des octets)"),
    ("utf-32", "UTF-32 (Unicode sur 4 octets)"),
])
def test_unicode_wider_than_8_bits_is_named(encoding, named):
    with pytest.raises(SourceError) as err:
        check_text("base.csv", TEXT.encode(encoding))
    assert err.value.message == f"le fichier est encodé en {named}, que ce lecteur ne lit pas"
    assert "Réenregistrez-le en UTF-8" in err.value.hint


def _workbook() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("head", "named"), [
    (_workbook(), "le fichier est une archive ZIP ou un classeur Excel (.xlsx), pas un fichier texte"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "le fichier est un document PDF, pas un fichier texte"),
    (b"SQLite format 3\x00\x10\x00", "le fichier est une base SQLite ou un GeoPackage, pas un fichier texte"),
    (random.Random(3).randbytes(4096), "le fichier n'est pas un fichier texte (octets binaires ; fichier endommagé, "
                                       "chiffré ou d'un autre type)"),
])
def test_binary_files_are_named(head, named):
    with pytest.raises(SourceError) as err:
        check_text("base.csv", head)
    assert err.value.message == named


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252"])
def test_8_bit_text_passes(encoding):
    check_text("base.csv", ("CODGEO;LIBGEO\tP21_POP\r\n62510;Liévin « œ »;30785\x0c\n".replace(
        "œ", "oe" if encoding == "latin-1" else "œ")).encode(encoding))


def _call(reader, path):
    if reader is parse_point_pairs:
        return reader(path.read_bytes(), path.name)
    if reader is pairs_from_od_table:
        return reader(path, ["62498"], ["62498"])
    return reader(path)


@pytest.mark.parametrize("reader", [read_rpps, read_finess, read_insee_population, read_drees_apl, read_zonage,
                                    read_qpv, read_birth_years, parse_point_pairs, pairs_from_od_table],
                         ids=lambda r: r.__name__)
def test_every_text_reader_names_a_utf16_file(tmp_path, reader):
    path = tmp_path / "fichier.csv"
    path.write_bytes(TEXT.encode("utf-16"))
    with pytest.raises((SourceError, ValueError)) as err:
        _call(reader, path)
    assert "fichier fichier.csv : le fichier est encodé en UTF-16 (Unicode sur 2 octets)" in str(err.value)
