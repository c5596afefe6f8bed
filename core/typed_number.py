"""Numbers the user types into a text box, read as her language writes them (issue 14).

Streamlit's number_input is an HTML number field read by the browser's own locale, so "3,5" can
become 35 in a Spanish page. The views whose numbers are typed use text boxes read here instead:
Spanish has the decimal comma ("72,5" -> 72.5, "1.234,5" -> 1234.5), English the decimal point.
A lone mark of the other kind is a decimal mark when it cannot be a thousands separator ("72.5" in
Spanish is 72.5); when it can ("1.234" in Spanish) the text is refused as ambiguous, unless the
field holds counts (``thousands=True``: a population "9.686" is 9686). Never guessed otherwise.
"""
from __future__ import annotations

import math
import re

SEPARATORS = {"es": (",", "."), "en": (".", ",")}   # language -> (decimal mark, thousands separator)
_GROUPS = re.compile(r"^[1-9]\d{0,2}(?:X\d{3})+$")


def _grouped(digits: str, sep: str) -> bool:
    """'9.686' or '1.234.567': ``sep`` between groups of three, the first group 1-3 digits, not 0."""
    return bool(_GROUPS.match(digits.replace(sep, "X")))


def read_typed_number(text, lang: str, thousands: bool = False) -> tuple[float | None, str | None]:
    """``(value, None)``, or ``(None, reason)`` with reason "empty", "not_a_number" or "ambiguous".

    Spaces and a trailing "%" are ignored.

    >>> read_typed_number("72,5", "es")
    (72.5, None)
    >>> read_typed_number("1.234", "es")
    (None, 'ambiguous')
    >>> read_typed_number("9.686", "es", thousands=True)
    (9686.0, None)
    """
    if isinstance(text, bool):
        return None, "not_a_number"
    if isinstance(text, (int, float)):
        return (float(text), None) if math.isfinite(text) else (None, "not_a_number")
    dec, grp = SEPARATORS.get(lang, SEPARATORS["es"])
    s = ("" if text is None else str(text)).replace("\u00a0", "").replace(" ", "").rstrip("%")
    if not s:
        return None, "empty"
    sign = s[0] if s[0] in "+-" else ""
    s = s[len(sign):]
    if not re.fullmatch(r"[\d.,]+", s) or not any(c.isdigit() for c in s):
        return None, "not_a_number"
    if "." in s and "," in s:
        last = max(s.rfind("."), s.rfind(","))
        whole, frac = s[:last], s[last + 1:]
        if s[last] != dec or not _grouped(whole, grp) or not frac.isdigit():
            return None, "not_a_number"
        return float(sign + whole.replace(grp, "") + "." + frac), None
    sep = "." if "." in s else "," if "," in s else None
    if sep is None:
        return float(sign + s), None
    if sep == grp and _grouped(s, sep):
        return (float(sign + s.replace(sep, "")), None) if thousands else (None, "ambiguous")
    if s.count(sep) == 1 and not s.endswith(sep) and not s.startswith(sep):
        return float(sign + s.replace(sep, ".")), None
    return None, "not_a_number"


def typed_text(value, lang: str, thousands: bool = False) -> str:
    """A number as the user would type it in ``lang`` (what the text box shows): no trailing zeros,
    thousands separated only for counts (``thousands=True``), so it reads back to the same value."""
    if value is None or value != value:
        return ""
    dec, grp = SEPARATORS.get(lang, SEPARATORS["es"])
    number = float(value)
    whole = f"{int(abs(number)):,}".replace(",", grp if thousands else "")
    frac = f"{abs(number):.6f}".split(".")[1].rstrip("0")
    return ("-" if number < 0 else "") + whole + (dec + frac if frac else "")


def read_setting_text(spec, text, lang: str, thousands: bool = False) -> tuple[float | None, str | None]:
    """``text`` typed for the setting ``spec`` (core.settings.Setting): (its clean value, None), or
    (None, reason) with reason "ambiguous", "not_a_number", or "range" (a number outside the
    setting's range or of the wrong kind)."""
    value, reason = read_typed_number(text, lang, thousands)
    if reason is None:
        return (spec.clean(value), None) if spec.valid(value) else (None, "range")
    return None, "ambiguous" if reason == "ambiguous" else "not_a_number"
