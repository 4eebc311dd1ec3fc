"""Opening official files: plain, gzip or ZIP, with the text encoding detected.

Private helpers shared by the readers; see the public readers for examples.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import SourceError

__all__ = ["ENCODING_LABELS", "detect_encoding", "open_binary", "open_text", "sniff"]

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
    """Open a plain, ``.gz`` or ``.zip`` file; yield (display name, binary stream)."""
    path = Path(path)
    if not path.exists():
        raise SourceError(
            path.name, None, None, "le fichier est introuvable", f"Vérifiez le chemin « {path} »."
        )
    if zipfile.is_zipfile(path):
        member = _zip_member(path, member_pattern, what)
        with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
            yield f"{path.name} › {member}", stream  # type: ignore[misc]
    elif path.suffix == ".gz":
        with gzip.open(path, "rb") as stream:
            yield path.name, stream  # type: ignore[misc]
    else:
        with open(path, "rb") as stream:
            yield path.name, stream


def sniff(
    path: str | Path, member_pattern: re.Pattern[str] | None = None, what: str = ""
) -> tuple[str, bytes]:
    """Return (display name, first bytes) of a file; fatal error if it is empty."""
    with open_binary(path, member_pattern, what) as (name, stream):
        head = stream.read(SNIFF_BYTES)
    if not head.strip():
        raise SourceError(
            name,
            None,
            None,
            "le fichier est vide",
            "Téléchargez-le à nouveau depuis le site de l'éditeur : le téléchargement a "
            "probablement échoué.",
        )
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
