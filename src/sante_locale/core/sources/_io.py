"""Opening official files: plain, gzip or ZIP, with the text encoding detected.

Private helpers shared by the readers; see the public readers for examples.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import SourceError

__all__ = ["ENCODING_LABELS", "check_text", "detect_encoding", "json_problem", "open_binary", "open_text", "sniff"]

SNIFF_BYTES = 1 << 16

#: French names of the encodings we may report to the user.
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (avec BOM)",
    "cp1252": "Windows-1252 (Latin-1 étendu)",
    "latin-1": "Latin-1 (ISO-8859-1)",
}


def detect_encoding(head: bytes) -> str:
    """Guess the encoding of a file from its first bytes.

    UTF-8 (with or without BOM) when the bytes decode as UTF-8 (a multi-byte character cut
    by the end of the chunk is tolerated); otherwise Windows-1252 if bytes 0x80–0x9F occur
    (typographic quotes, « œ »), else Latin-1.

    Parameters
    ----------
    head : bytes
        The first chunk of the file (64 KiB is plenty).

    Returns
    -------
    str
        A Python codec name: ``"utf-8-sig"``, ``"utf-8"``, ``"cp1252"`` or ``"latin-1"``.

    Examples
    --------
    >>> detect_encoding("Médecin".encode("utf-8"))
    'utf-8'
    >>> detect_encoding("Médecin".encode("latin-1"))
    'latin-1'
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not (exc.reason == "unexpected end of data" and exc.start >= len(head) - 3):
            if any(0x80 <= b <= 0x9F for b in head):
                try:
                    head.decode("cp1252")
                    return "cp1252"
                except UnicodeDecodeError:
                    return "latin-1"
            return "latin-1"
    return "utf-8"


#: Magic numbers of the binary files a user may pick by mistake, with their French name.
BINARY_SIGNATURES = (
    (b"PK\x03\x04", "une archive ZIP ou un classeur Excel (.xlsx)"),
    (b"\xd0\xcf\x11\xe0", "un classeur Excel ancien (.xls) ou un document Office"),
    (b"%PDF", "un document PDF"),
    (b"SQLite format 3\x00", "une base SQLite ou un GeoPackage"),
    (b"\x1f\x8b", "une archive gzip"),
    (b"\x89PNG", "une image PNG"),
    (b"\xff\xd8\xff", "une image JPEG"),
    (b"PAR1", "un fichier Parquet"),
)
_TEXT_HINT = ("Importez le fichier texte (CSV) tel que téléchargé ; s'il a été ouvert dans un tableur, "
              "réenregistrez-le au format « CSV UTF-8 ».")


def check_text(name: str, head: bytes, hint: str = "") -> None:
    """Refuse, with a French message, a file that is not 8-bit text: UTF-16/UTF-32 or binary.

    The readers decode UTF-8, Windows-1252 and Latin-1 only; Excel's « Texte Unicode »
    is UTF-16 (often without the separators the official layouts use), and a binary file
    (a workbook, an archive, random bytes) would otherwise be read as Latin-1 garbage.

    Parameters
    ----------
    name : str
        File name shown in the message.
    head : bytes
        The first chunk of the file.
    hint : str, optional
        What to do instead, when the generic advice (re-save as CSV UTF-8) does not fit.

    Raises
    ------
    SourceError
        When the bytes are UTF-16/UTF-32 (with or without byte-order mark) or binary.

    Examples
    --------
    >>> check_text("a.csv", "CODGEO;P21_POP".encode("utf-8"))
    >>> check_text("a.csv", "CODGEO;P21_POP".encode("utf-16"))
    Traceback (most recent call last):
    ...
    sante_locale.core.sources.errors.SourceError: fichier a.csv : le fichier est encodé en UTF-16 (Unicode sur 2 octets), que ce lecteur ne lit pas. Réenregistrez-le en UTF-8 (dans Excel : Enregistrer sous › « CSV UTF-8 (délimité par des virgules) ») ou importez le fichier d'origine tel que téléchargé.
    """
    utf = None
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        utf = "UTF-32 (Unicode sur 4 octets)"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        utf = "UTF-16 (Unicode sur 2 octets)"
    elif len(head) >= 4 and max(head[0::2].count(0), head[1::2].count(0)) >= len(head) // 4:
        utf = "UTF-16 (Unicode sur 2 octets, sans marque d'ordre des octets)"
    if utf:
        raise SourceError(
            name, None, None, f"le fichier est encodé en {utf}, que ce lecteur ne lit pas",
            hint or "Réenregistrez-le en UTF-8 (dans Excel : Enregistrer sous › « CSV UTF-8 (délimité par "
            "des virgules) ») ou importez le fichier d'origine tel que téléchargé.",
        )  # fmt: skip
    kind = next((label for magic, label in BINARY_SIGNATURES if head.startswith(magic)), None)
    if kind is not None:
        raise SourceError(name, None, None, f"le fichier est {kind}, pas un fichier texte", hint or _TEXT_HINT)
    binary = sum(b < 32 and b not in b"\t\n\r\x0c" for b in head[:4096])
    if b"\x00" in head or binary > len(head[:4096]) // 100 + 1:
        raise SourceError(
            name, None, None,
            "le fichier n'est pas un fichier texte (octets binaires ; fichier endommagé, chiffré ou d'un "
            "autre type)", hint or _TEXT_HINT,
        )  # fmt: skip


def _zip_member(path: Path, pattern: re.Pattern[str] | None, what: str) -> str:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
    if pattern is None:
        candidates = names
    else:
        candidates = [n for n in names if pattern.search(n.rsplit("/", 1)[-1])]
    if len(candidates) != 1:
        found = ", ".join(names) if names else "aucun fichier"
        if candidates:
            message = f"l'archive contient plusieurs fichiers {what} ({', '.join(candidates)})"
        else:
            message = f"l'archive ne contient aucun fichier {what} (contenu : {found})"
        raise SourceError(
            path.name,
            None,
            None,
            message,
            "Vérifiez que vous avez téléchargé la bonne archive, ou extrayez le bon fichier "
            "et importez-le directement.",
        )
    return candidates[0]


@contextmanager
def open_binary(
    path: str | Path, member_pattern: re.Pattern[str] | None = None, what: str = ""
) -> Iterator[tuple[str, BinaryIO]]:
    """Open a plain, ``.gz`` or ``.zip`` file; yield (display name, binary stream).

    A missing path, a folder, an unreadable file and a damaged archive are refused with a
    French :class:`SourceError` (a damaged archive may only show while it is read: the
    errors of the body of the ``with`` block are translated too).
    """
    path = Path(path)
    if not path.exists():
        raise SourceError(
            path.name, None, None, "le fichier est introuvable", f"Vérifiez le chemin « {path} »."
        )
    if path.is_dir():
        raise SourceError(path.name, None, None, "c'est un dossier, pas un fichier",
                          "Donnez le chemin du fichier lui-même.")
    name = path.name
    try:
        if zipfile.is_zipfile(path):
            member = _zip_member(path, member_pattern, what)
            name = f"{path.name} › {member}"
            with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
                yield name, stream  # type: ignore[misc]
        elif path.suffix == ".gz":
            with gzip.open(path, "rb") as stream:
                yield name, stream  # type: ignore[misc]
        else:
            with open(path, "rb") as stream:
                yield name, stream
    except PermissionError:
        raise SourceError(name, None, None, "le fichier n'est pas lisible (droits insuffisants)",
                          "Vérifiez ses droits d'accès, ou copiez-le dans un dossier à vous.") from None
    except (zipfile.BadZipFile, gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise SourceError(name, None, None, f"archive endommagée ou tronquée ({exc.__class__.__name__})",
                          "Téléchargez à nouveau le fichier complet.") from None


def sniff(
    path: str | Path, member_pattern: re.Pattern[str] | None = None, what: str = ""
) -> tuple[str, bytes]:
    """Return (display name, first bytes) of a file; fatal error if it is empty."""
    with open_binary(path, member_pattern, what) as (name, stream):
        head = stream.read(SNIFF_BYTES)
    if not head.strip(b" \t\r\n\x0c"):
        raise SourceError(
            name,
            None,
            None,
            "le fichier est vide",
            "Téléchargez-le à nouveau depuis le site de l'éditeur : le téléchargement a "
            "probablement échoué.",
        )
    check_text(name, head)
    return name, head


@contextmanager
def open_text(
    path: str | Path,
    encoding: str,
    member_pattern: re.Pattern[str] | None = None,
    what: str = "",
    newline: str | None = None,
) -> Iterator[tuple[str, io.TextIOWrapper]]:
    """Open a file as text in the given encoding (strict decoding)."""
    with open_binary(path, member_pattern, what) as (name, stream):
        text = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline=newline)
        try:
            yield name, text
        finally:
            text.detach()


def decode_error(name: str, line: int | None, encoding: str) -> SourceError:
    """The fatal error raised when a byte cannot be decoded."""
    label = ENCODING_LABELS.get(encoding, encoding)
    return SourceError(
        name,
        line,
        None,
        f"caractère illisible dans l'encodage {label} détecté au début du fichier",
        "Le fichier mélange plusieurs encodages : réenregistrez-le entièrement en UTF-8.",
    )


_JSON_PROBLEMS = (
    ("Expecting value", "valeur attendue"),
    ("Expecting property name", "nom de propriété entre guillemets attendu"),
    ("Expecting ',' delimiter", "virgule attendue"),
    ("Expecting ':' delimiter", "deux-points attendus"),
    ("Unterminated string", "texte entre guillemets non terminé"),
    ("Extra data", "données en trop après la fin du document"),
    ("Invalid control character", "caractère de contrôle dans un texte"),
    ("Invalid \\escape", "échappement « \\ » invalide"),
)


def json_problem(exc) -> str:
    """What a :class:`json.JSONDecodeError` says, in French, with its column.

    >>> import json
    >>> try:
    ...     json.loads('{"type": ')
    ... except json.JSONDecodeError as exc:
    ...     print(json_problem(exc))
    valeur attendue, colonne 10
    """
    what = next((fr for en, fr in _JSON_PROBLEMS if exc.msg.startswith(en)), "syntaxe JSON incorrecte")
    return f"{what}, colonne {exc.colno}"
