"""The reason of a system error (``OSError``) in French, for messages that name a file."""

from __future__ import annotations

import errno

_ERRNO_FR = {
    errno.EACCES: "droits insuffisants", errno.EPERM: "droits insuffisants",
    errno.EROFS: "système de fichiers en lecture seule", errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ENOSPC: "disque plein", errno.EDQUOT: "quota disque dépassé", errno.ENOENT: "chemin introuvable",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier", errno.EISDIR: "c'est un dossier",
    errno.EINVAL: "nom de fichier invalide", errno.ELOOP: "trop de liens symboliques",
    errno.EADDRNOTAVAIL: "adresse absente de cette machine", errno.EADDRINUSE: "port déjà utilisé",
}


def reason(exc: OSError) -> str:
    """The reason of ``exc`` in French (its own text when it has no translation).

    Examples
    --------
    >>> reason(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    'chemin introuvable'
    >>> reason(OSError(errno.ENAMETOOLONG, "File name too long"))
    'nom de fichier trop long'
    """
    return _ERRNO_FR.get(exc.errno, exc.strerror or exc.__class__.__name__)
