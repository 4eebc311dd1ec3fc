"""Numbers, dates, names and prose written the French way: the one formatting module of the
pages (template filters in ``www/templatetags/fr.py``), the PDF, the exports and the CLI.

The rules (Lexique des règles typographiques de l'Imprimerie nationale, as the product
applies them):

- **one rounding**: :func:`rounded` rounds a value once, half away from zero, on the
  decimal number the float stands for (its shortest ``repr``: ``3.285`` gives ``3.29``, as
  a reader would do); every displayed figure goes through it, with the decimals of the
  indicator registry (``core/indicators``), so that a table, a tooltip, a portrait and a
  scenario never disagree;
- thousands are separated by a narrow no-break space (U+202F), decimals by a comma;
- a negative number takes the minus sign « − » (U+2212), a change is signed « +0,12 »;
- a narrow no-break space stands before « : ; ! ? % » and inside « guillemets »; the
  apostrophe of prose is typographic (« l’APL »); :func:`prose` applies these to a text,
  :func:`prose_html` to the text of an HTML page (never to tags, attributes that are not
  read, scripts, styles or code);
- times are written « 22 h 38 », dates « 3 décembre 2026 » (« 1er » for the first day);
- names are sorted by the Unicode Collation Algorithm (:func:`collation_key`, library
  ``pyuca``), which puts Bénifontaine before Billy-Montigny and Éleu-dit-Leauwette among
  the E, as the pages' JavaScript ``localeCompare("fr")`` does.

Examples
--------
>>> fr_number(1468018), fr_number(3.285, 2), fr_number(-0.04, 2), fr_signed(0.12, 2)
('1\\u202f468\\u202f018', '3,29', '−0,04', '+0,12')
>>> prose("Seuil : 2,5 ; l'APL est à 10 % ! « sous-dense »")
'Seuil\\u202f: 2,5\\u202f; l’APL est à 10\\u202f%\\u202f! «\\u202fsous-dense\\u202f»'
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import numbers
import re
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\xa0"  # no-break space: between a number and its unit, inside a time (« 22 h 38 »)
NNBSP = "\u202f"  # narrow no-break space: thousands, before « : ; ! ? % », inside « »
MINUS = "\u2212"  # the minus sign of a negative number
APOSTROPHE = "\u2019"  # the apostrophe of prose
MISSING = "—"

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def _finite(value) -> float | None:
    if value is None or isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _decimal(value: float, decimals: int) -> Decimal:
    quantum = Decimal(1).scaleb(-int(decimals))
    return Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)


def rounded(value, decimals: int = 0) -> float | None:
    """``value`` rounded once to ``decimals`` digits, half away from zero, on its shortest
    decimal writing; ``None`` when missing (``None``, NaN, infinity, not a number).

    The one rounding of the product: every shown, exported or printed figure is rounded
    here, never rounded again.

    Examples
    --------
    >>> rounded(3.285, 2), rounded(3.2849, 2), rounded(2.5), rounded(-2.5), rounded(0.125, 2)
    (3.29, 3.28, 3.0, -3.0, 0.13)
    >>> rounded(float("nan"), 2), rounded(None), rounded(True)
    (None, None, None)

    Rounding a rounded value is what this avoids: 3.2849 shown with 3 decimals, then 2,
    would read 3,29.

    >>> rounded(rounded(3.2849, 3), 2)
    3.29
    """
    value = _finite(value)
    if value is None:
        return None
    return float(_decimal(value, decimals))


def fr_number(value, decimals: int = 0) -> str:
    """A number in French: grouped thousands, decimal comma, « − » for negatives; « — » when
    missing, « ∞ » for an infinity.

    Examples
    --------
    >>> fr_number(1468018), fr_number(2.456, 2)
    ('1\\u202f468\\u202f018', '2,46')
    >>> fr_number(None), fr_number(float("nan")), fr_number(-1234.5, 1), fr_number(-0.001, 2)
    ('—', '—', '−1\\u202f234,5', '0,00')
    """
    if isinstance(value, float | int) and not isinstance(value, bool) and math.isinf(value):
        return "∞" if value > 0 else MINUS + "∞"
    number = _finite(value)
    if number is None:
        return MISSING
    d = _decimal(number, decimals)
    text = f"{abs(d):,.{max(int(decimals), 0)}f}".replace(",", NNBSP).replace(".", ",")
    return (MINUS + text) if d < 0 else text


def fr_signed(value, decimals: int = 0) -> str:
    """A change: « + » on an increase, « − » on a decrease, no sign when it rounds to zero.

    Examples
    --------
    >>> fr_signed(0.1234, 2), fr_signed(-0.04, 2), fr_signed(0.004, 2), fr_signed(None)
    ('+0,12', '−0,04', '0,00', '—')
    """
    text = fr_number(value, decimals)
    number = _finite(value)
    if number is not None and _decimal(number, decimals) > 0:
        return "+" + text
    return text


def fr_change(before, after, decimals: int = 0) -> str:
    """The signed change between two values **as shown** (each rounded once): a reader who
    subtracts the two shown values finds the shown change.

    Examples
    --------
    >>> fr_change(3.284, 3.2951, 2), fr_signed(3.2951 - 3.284, 2)
    ('+0,02', '+0,01')
    >>> fr_change(2.0, 1.96, 2), fr_change(None, 1.0)
    ('−0,04', '—')
    """
    b, a = rounded(before, decimals), rounded(after, decimals)
    if b is None or a is None:
        return MISSING
    return fr_signed(float(_decimal(a, decimals) - _decimal(b, decimals)), decimals)


def fr_value(value, decimals: int = 0, unit: str = "") -> str:
    """A number with its unit after a no-break space (« 31 415 hab. »).

    Examples
    --------
    >>> fr_value(31415, 0, "hab."), fr_value(None, 0, "hab.")
    ('31\\u202f415\\xa0hab.', '—')
    """
    text = fr_number(value, decimals)
    return f"{text}{NBSP}{unit}" if unit and text != MISSING else text


def fr_percent(share, decimals: int = 1, signed: bool = False) -> str:
    """A share (0–1) as a French percentage.

    Examples
    --------
    >>> fr_percent(0.1874), fr_percent(None), fr_percent(0.05, 0, signed=True)
    ('18,7\\u202f%', '—', '+5\\u202f%')
    """
    number = _finite(share)
    if number is None:
        return MISSING
    text = (fr_signed if signed else fr_number)(number * 100, decimals)
    return f"{text}{NNBSP}%"


def fr_time(moment: dt.datetime | dt.time) -> str:
    """« 22 h 38 » (no-break spaces).

    Examples
    --------
    >>> fr_time(dt.time(22, 38)), fr_time(dt.datetime(2026, 12, 3, 9, 5))
    ('22\\xa0h\\xa038', '9\\xa0h\\xa005')
    """
    return f"{moment.hour}{NBSP}h{NBSP}{moment.minute:02d}"


def fr_date(day: dt.date | dt.datetime) -> str:
    """« 3 décembre 2026 », « 1er mars 2027 ».

    Examples
    --------
    >>> fr_date(dt.date(2026, 12, 3)), fr_date(dt.date(2027, 3, 1))
    ('3\\xa0décembre 2026', '1er\\xa0mars 2027')
    """
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first}{NBSP}{MONTHS[day.month - 1]} {day.year}"


def fr_datetime(moment: dt.datetime) -> str:
    """« 3 décembre 2026 à 22 h 38 » (give a local time: ``clock.now()`` is in Paris).

    Examples
    --------
    >>> fr_datetime(dt.datetime(2026, 12, 3, 22, 38))
    '3\\xa0décembre 2026 à 22\\xa0h\\xa038'
    """
    return f"{fr_date(moment)} à {fr_time(moment)}"


# --- prose --------------------------------------------------------------------------------

_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W_])")
_GROUPS = re.compile(r"(?<![\d,.])\d{1,3}(?:(?: |\xa0)\d{3})+(?!\d)")
_GROUP_SPACE = re.compile(r"[ \xa0]")
_BEFORE = re.compile(r"(?:[ \xa0\u202f]|&nbsp;|&#160;)+(?=[:;!?%])")
_OPEN = re.compile(r"«(?:[ \xa0\u202f]|&nbsp;|&#160;)*")
_CLOSE = re.compile(r"(?:[ \xa0\u202f]|&nbsp;|&#160;)*»")


def prose(text: str) -> str:
    """French typography of a plain text: typographic apostrophe between letters, narrow
    no-break space before « : ; ! ? % » (in place of any space there), inside « » and
    between the groups of digits of a number written with spaces (« 10 000 habitants »).

    Idempotent; a colon or question mark without a space before it (``12:30``, a URL) is
    left alone.

    Examples
    --------
    >>> prose("Aide : sante-locale --help ; d'accord ?")
    'Aide\\u202f: sante-locale --help\\u202f; d’accord\\u202f?'
    >>> prose("http://127.0.0.1:8000/?q=lens") == "http://127.0.0.1:8000/?q=lens"
    True
    >>> prose(prose("« l'APL »")) == prose("« l'APL »") == "«\\u202fl’APL\\u202f»"
    True
    >>> prose("pour 10 000 habitants, 1 468 018 en 2026, de 250 à 3 600")
    'pour 10\\u202f000 habitants, 1\\u202f468\\u202f018 en 2026, de 250 à 3\\u202f600'
    """
    if not text:
        return text
    text = _APOSTROPHE.sub(APOSTROPHE, text)
    text = _GROUPS.sub(lambda m: _GROUP_SPACE.sub(NNBSP, m.group(0)), text)
    text = _BEFORE.sub(NNBSP, text)
    text = _OPEN.sub("«" + NNBSP, text)
    return _CLOSE.sub(NNBSP + "»", text)


def plain(text: str) -> str:
    """``text`` without its typography (typographic apostrophes back to ``'``, no-break and
    narrow no-break spaces back to spaces, « − » back to ``-``): to compare texts whatever
    their typography, in a search or a test.

    Examples
    --------
    >>> plain(prose("l'APL : −0,04 « ici »")) == "l'APL : -0,04 « ici »"
    True
    """
    return (text or "").replace(APOSTROPHE, "'").replace(NNBSP, " ").replace(NBSP, " ").replace(MINUS, "-")


#: Elements whose content is not prose (kept as is), and attributes that are read as text.
RAW_ELEMENTS = ("script", "style", "pre", "code", "textarea", "kbd", "samp")
PROSE_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "aria-description")
_TOKENS = re.compile(
    r"<!--.*?-->|<(" + "|".join(RAW_ELEMENTS) + r")\b[^>]*>.*?</\1\s*>|<[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
_ATTRIBUTE = re.compile(r'(\s(?:' + "|".join(PROSE_ATTRIBUTES) + r')=")([^"]*)(")', re.IGNORECASE)
_ESCAPED_QUOTE = re.compile(r"&#x27;|&#39;|&apos;")


_WORK = re.compile(r"['’:;!?%«»&]|\d[ \xa0]\d")  # text without any of these has nothing to change


def _prose_escaped(text: str) -> str:
    """:func:`prose` on escaped HTML text (Django escapes ``'`` as ``&#x27;``)."""
    if not _WORK.search(text):
        return text
    return prose(_ESCAPED_QUOTE.sub("'", text))


def _tag(match: re.Match) -> str:
    token = match.group(0)
    if match.group(1) or token.startswith("<!"):
        return token
    if '="' not in token:
        return token
    return _ATTRIBUTE.sub(lambda m: m.group(1) + _prose_escaped(m.group(2)) + m.group(3), token)


def prose_html(html: str) -> str:
    """:func:`prose` applied to the text of an HTML document and to its read attributes
    (``title``, ``alt``, ``aria-label``, ``placeholder``); tags, other attributes, comments,
    scripts, styles and code are left as they are.

    Examples
    --------
    >>> prose_html('<p title="l\\'aide : ici">Seuil : 2,5 <code>a : b</code> l&#x27;APL</p>')
    '<p title="l’aide\\u202f: ici">Seuil\\u202f: 2,5 <code>a : b</code> l’APL</p>'
    >>> prose_html('<script>var a = "x : y";</script><a href="?q=a : b">d\\'un</a>')
    '<script>var a = "x : y";</script><a href="?q=a : b">d’un</a>'
    """
    out, last = [], 0
    for match in _TOKENS.finditer(html):
        out.append(_prose_escaped(html[last:match.start()]))
        out.append(_tag(match))
        last = match.end()
    out.append(_prose_escaped(html[last:]))
    return "".join(out)


# --- names --------------------------------------------------------------------------------


@functools.cache
def _collator():
    import pyuca

    return pyuca.Collator()


def collation_key(name: str) -> tuple:
    """The sort key of a name in French order (Unicode Collation Algorithm, ``pyuca``):
    accents, case and hyphens count after the letters.

    Hand-written collation (stripping accents, say) gets « Œ », ligatures and ties wrong: the
    library applies the Unicode tables.

    Examples
    --------
    >>> sorted(["Billy-Montigny", "Éleu-dit-Leauwette", "Bénifontaine", "Estevelles", "Eleu"],
    ...        key=collation_key)
    ['Bénifontaine', 'Billy-Montigny', 'Eleu', 'Éleu-dit-Leauwette', 'Estevelles']
    """
    return _collator().sort_key(str(name or ""))


def sorted_names(items, key=None) -> list:
    """``items`` sorted by name in French order; ``key`` gives an item's name (default: the item).

    Examples
    --------
    >>> sorted_names([{"name": "Éleu"}, {"name": "Avion"}], key=lambda r: r["name"])
    [{'name': 'Avion'}, {'name': 'Éleu'}]
    """
    name = key or (lambda item: item)
    return sorted(items, key=lambda item: collation_key(name(item)))
