"""How Lärlabb writes a number a person reads: one way per language, on pages, in PDFs and in
charts.

Swedish has a decimal comma, English a decimal point (Django's formats for the current
language); both have a true minus sign (U+2212), which screen readers read as "minus" and which
is as wide as the plus sign, never the hyphen. A signed number (a score on the synergy scale, a
change) has "+" before a positive value and no sign on zero: "+1,5", "0", "−2". Whole numbers
have no decimals unless a fixed number is asked for ("0,30" for a density). A missing value
(``None`` or NaN) is written "–". Spreadsheet exports keep plain numbers, which Excel reads in
any language.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats

MINUS = "\u2212"
MISSING = "–"

Number = int | float | Decimal


def _rounded(value: Number, places: int) -> Decimal | None:
    """``value`` rounded half away from zero to ``places`` decimals; None when missing. A
    value that rounds to zero loses its sign (no "−0")."""
    # A float (or one of NumPy's numbers) by its shortest repr: 2.675 is 2.675, not 2.67499…
    exact = isinstance(value, int | Decimal)
    number = Decimal(value) if exact else Decimal(repr(float(value)))
    if not number.is_finite():
        return None
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded


def _written(rounded: Decimal, places: int, *, fixed: bool) -> str:
    text = formats.number_format(rounded, places)
    if places and not fixed:
        text = text.rstrip("0").rstrip(str(formats.get_format("DECIMAL_SEPARATOR")))
    return text.replace("-", MINUS)


def format_number(value: Number | None, places: int = 1, *, fixed: bool = False) -> str:
    """``value`` with at most ``places`` decimals, trailing zeros left out ("7,5", "8", "−4"),
    or with exactly ``places`` decimals when ``fixed`` ("0,30", "3,0")."""
    rounded = None if value is None else _rounded(value, places)
    if rounded is None:
        return MISSING
    return _written(rounded, places, fixed=fixed)


def format_signed(value: Number | None, places: int = 1) -> str:
    """``value`` as a score or a change: "+1,5", "0", "−2" (at most ``places`` decimals)."""
    rounded = None if value is None else _rounded(value, places)
    if rounded is None:
        return MISSING
    text = _written(rounded, places, fixed=False)
    return f"+{text}" if rounded > 0 else text
