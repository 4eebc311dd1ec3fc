"""French formats for Django (``FORMAT_MODULE_PATH``), after the rules of ``core.formats``:
a narrow no-break space between thousands, times as « 22 h 38 ». Django's own French
module supplies every format not set here."""

from sante_locale.core.formats import NNBSP

THOUSAND_SEPARATOR = NNBSP
DECIMAL_SEPARATOR = ","
NUMBER_GROUPING = 3
TIME_FORMAT = "G\xa0\\h\xa0i"
DATETIME_FORMAT = "j\xa0F Y à G\xa0\\h\xa0i"
SHORT_DATETIME_FORMAT = "d/m/Y à G\xa0\\h\xa0i"
