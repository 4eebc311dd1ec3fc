"""What each reader sees: administrators get the instructions (« importez … (sante-locale
import …) ») that the messages of the apps carry; other readers get the facts alone.

``{{ message|for_reader:is_admin }}`` (``is_admin`` comes from the ``site`` context
processor).
"""

import re

from django import template

register = template.Library()

_COMMAND = re.compile(r"\s*\(sante-locale [^)]*\)")
_CLAUSE = re.compile(r"\s*[;:,]\s*importez\b[^.]*\.", re.IGNORECASE)
_SENTENCE = re.compile(r"(?:^|(?<=[.!?]))\s*Importez\b[^.]*\.?")


def without_instructions(text: str) -> str:
    """``text`` without the import instructions meant for administrators.

    Examples
    --------
    >>> without_instructions("Offre vide : rien n'est importé. Importez l'Annuaire Santé "
    ...                      "(sante-locale import rpps FICHIER) ou lancez la démonstration.")
    "Offre vide : rien n'est importé."
    >>> without_instructions("Écarts sans valeur ; importez l'Annuaire Santé (sante-locale import rpps "
    ...                      "FICHIER) pour une comparaison qui ait un sens.")
    'Écarts sans valeur.'
    >>> without_instructions("Aucune APL publiée pour ces communes (sante-locale import apl-drees FICHIER).")
    'Aucune APL publiée pour ces communes.'
    """
    text = _CLAUSE.sub(".", str(text))
    text = _SENTENCE.sub("", text)
    return _COMMAND.sub("", text).strip()


@register.filter
def for_reader(text, is_admin=False):
    """The message as is for an administrator, without its instructions for anyone else."""
    if text is None or is_admin:
        return text
    return without_instructions(text)
