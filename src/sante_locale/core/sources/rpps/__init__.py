"""Reader of the Annuaire Santé extract ``PS_LibreAcces_Personne_activite_*.txt`` (ANS).

Format (as downloaded from annuaire.sante.fr, Licence Ouverte): one header line, then one
line per professional × activity; fields separated by ``|`` and **every line ends with
``|``**; 52 columns (:data:`RPPS_COLUMNS`, the header of the real file); UTF-8 in current
files, Latin-1 in old ones (detected, see :attr:`RppsReader.encoding`). The ZIP archive as
downloaded is accepted directly.

What the reader does
--------------------
- checks the header (separator, each of the 52 columns present by name; extra columns are
  tolerated and ignored), the number of fields of every line (a truncated last line is
  fatal), and the decoding;
- keeps the professions of :mod:`sante_locale.core.professions` (others are counted in
  :attr:`RppsReader.skipped_professions`, not set aside: they are not errors);
- resolves the commune: ``Code commune (coord. structure)``, or when empty the postcode via
  the caller's ``postcode_to_insee`` (ambiguous postcode → most populous commune when
  ``populations`` is given, else set aside), then checks it against ``known_communes``;
- sets aside teleconsultation platforms (:class:`TeleconsultationFilter`);
- :meth:`RppsReader.read` groups lines into professionals, practice sites and activities
  and sets aside duplicated activities.

It never writes anywhere: rows are yielded, DataFrames returned.

Example
-------
>>> sample = shared("samples/rpps_PS_LibreAcces_Personne_activite_sample.txt")
>>> data = read_rpps(sample)
>>> print(data.activities[["rpps_id", "profession", "mode", "insee_code"]].to_dict("records"))
[{'rpps_id': '10100271385', 'profession': 'medecin_generaliste', 'mode': 'S', 'insee_code': '25462'}]
"""

from .format import RPPS_COLUMNS
from .reader import RppsData, RppsLine, RppsReader, iter_rpps, read_rpps
from .teleconsultation import TeleconsultationFilter

__all__ = [
    "RPPS_COLUMNS",
    "RppsData",
    "RppsLine",
    "RppsReader",
    "TeleconsultationFilter",
    "iter_rpps",
    "read_rpps",
]
