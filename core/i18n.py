"""Translation catalog and locale-aware number formatting.

Every user-facing string lives in ``core/locales/<view>.toml``, English and Spanish side by side:

    [home.title]
    en = "Service operations dashboard"
    es = "Tablero de operaciones de servicio"

Numbers are formatted for the language: English "1,234.5", Spanish "1.234,5" (the decimal comma
used in Colombia and Peru).
"""
from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import string
import tomllib
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("es", "en")
LOCALES_DIR = Path(__file__).parent / "locales"


def _flatten(table: dict, prefix: str, out: dict[str, dict[str, str]], origin: str) -> None:
    if set(table) and set(table) <= set(LANGUAGES) | {"note"}:
        out[prefix] = {lang: table[lang] for lang in LANGUAGES if lang in table}
        return
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if not isinstance(value, dict):
            raise ValueError(f"{origin}: '{name}' must be a table with 'en' and 'es'")
        _flatten(value, name, out, origin)


@lru_cache(maxsize=1)
def load_catalog(directory: str = str(LOCALES_DIR)) -> dict[str, dict[str, str]]:
    """All catalog files merged into {key: {"en": text, "es": text}}; duplicate keys raise."""
    catalog: dict[str, dict[str, str]] = {}
    for path in sorted(Path(directory).glob("*.toml")):
        part: dict[str, dict[str, str]] = {}
        with path.open("rb") as handle:
            _flatten(tomllib.load(handle), "", part, path.name)
        clash = set(part) & set(catalog)
        if clash:
            raise ValueError(f"{path.name}: keys defined twice: {sorted(clash)[:5]}")
        catalog.update(part)
    return catalog


def placeholders(text: str) -> set[str]:
    """Names of the str.format placeholders in a catalog text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


BLANK = "–"
# Strings that mean "no value" (what str() gives for pandas' and NumPy's missing values); intake
# reads the same strings as blank cells, so showing them as "–" loses nothing a user typed.
BLANK_TEXTS = frozenset({"nan", "NaN", "None", "<NA>", "NaT", "null", ""})


def is_blank(value) -> bool:
    """None, NaN, pandas NA/NaT and the strings that stand for them."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in BLANK_TEXTS
    if isinstance(value, float):
        return math.isnan(value)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        return False
    try:
        return bool(pd.isna(value)) if pd.api.types.is_scalar(value) else False
    except (TypeError, ValueError):
        return False


def format_number(value: float, decimals: int, lang: str) -> str:
    """A number with thousands separators and the language's decimal mark; blank shows as "–".

    Rounded once, here: a number shown in a formula and in the sentence under it goes through this
    function with the same decimals and so reads the same. -0.0 after rounding shows as 0.
    """
    if is_blank(value):
        return BLANK
    value = float(value)
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]
    if lang == "es":
        text = text.replace(",", "\u00a0").replace(".", ",").replace("\u00a0", ".")
    return text


class Translator:
    """Looks up catalog keys for one language and formats numbers for it.

    >>> t = Translator("es")
    >>> t.num(1234.5, 1)
    '1.234,5'
    >>> t.pct(0.843)
    '84,3 %'
    """

    def __init__(self, lang: str = "es"):
        if lang not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, got {lang!r}")
        self.lang = lang
        self.catalog = load_catalog()

    def __call__(self, key: str, **values) -> str:
        entry = self.catalog.get(key)
        if entry is None:
            raise KeyError(f"translation key not in catalog: {key}")
        text = entry.get(self.lang) or entry["en"]
        if not values:
            return text
        return _no_equals_before_bound(text, values).format(**values)

    def has(self, key: str) -> bool:
        return key in self.catalog

    def num(self, value: float, decimals: int = 1) -> str:
        return format_number(value, decimals, self.lang)

    def int(self, value: float) -> str:
        return format_number(round(value), 0, self.lang)

    def pct(self, fraction: float, decimals: int = 1) -> str:
        """A fraction (0.843) shown as a percentage ("84.3 %")."""
        if is_blank(fraction):
            return BLANK
        return f"{format_number(100 * float(fraction), decimals, self.lang)} %"

    def yes_no(self, flag) -> str:
        return BLANK if is_blank(flag) else self("format.yes" if flag else "format.no")


_BOUND = ("<", ">", "≤", "≥")


def _no_equals_before_bound(text: str, values: dict) -> str:
    """"p = {p}" with p = "< 0,0001" reads "p < 0,0001", not "p = < 0,0001": a value that is itself
    a bound replaces the equals sign written before its placeholder."""
    for name, value in values.items():
        if isinstance(value, str) and value.lstrip().startswith(_BOUND):
            text = re.sub(r"=\s*\{" + re.escape(name) + r"\}", "{" + name + "}", text)
    return text


# ------------------------------------------------------------------------------------ display tables
# st.dataframe formats numbers with a decimal point whatever the page's language (its column
# formats are printf-style or follow the *browser's* locale). Tables are therefore handed to it as a
# pandas Styler whose display texts come from the Translator: the cells keep their numbers (they
# sort as numbers and stay right-aligned), and what the user reads is "34,62" in Spanish.

def infer_decimals(values) -> int:
    """The fewest decimals (0-2) that show every value of a float column exactly; 2 when none do
    (4 when every value is below 1 in size, e.g. shares or p-values)."""
    import numpy as np

    x = np.asarray([float(v) for v in values if not is_blank(v)], dtype=float)
    x = x[np.isfinite(x)]
    if not len(x):
        return 0
    for d in (0, 1, 2):
        if np.allclose(x, np.round(x, d), rtol=0, atol=1e-9):
            return d
    return 4 if np.nanmax(np.abs(x)) < 1 else 2


def cell_text(value, t: "Translator", kind=None) -> str:
    """One cell as the user reads it. ``kind``: decimals (int), "int", "pct" (a fraction), "p"
    (p-value), a callable, or None (numbers with 2 decimals at most, text as written)."""
    import numpy as np

    if callable(kind):
        return kind(value)
    if is_blank(value):
        return BLANK
    if isinstance(value, (bool, np.bool_)):
        return t.yes_no(bool(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return _date_text(value)
    if isinstance(value, numbers.Number):
        if kind == "pct":
            return t.pct(float(value))
        if kind == "p":
            return p_value(float(value), t)
        if kind == "int" or (kind is None and isinstance(value, numbers.Integral)):
            return t.int(value)
        return t.num(float(value), kind if isinstance(kind, int) else infer_decimals([value]))
    return str(value)


def _date_text(value) -> str:
    if isinstance(value, dt.datetime) and (value.hour or value.minute or value.second):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.strftime("%Y-%m-%d")


def p_value(p: float, t: "Translator", decimals: int = 4) -> str:
    """A p-value: "0,0123", "< 0,0001" below the last decimal shown, "–" when undefined. A sentence
    "p = {p}" given "< 0,0001" reads "p < 0,0001" (Translator drops the equals sign)."""
    if is_blank(p):
        return BLANK
    floor = 10 ** -decimals
    return f"< {t.num(floor, decimals)}" if p < floor else t.num(p, decimals)


def column_kinds(df, formats: dict | None = None) -> dict:
    """Column -> kind for cell_text: the given formats, else int columns as integers and float
    columns with infer_decimals."""
    import pandas as pd

    formats = formats or {}
    kinds = {}
    for col in df.columns:
        if col in formats:
            kinds[col] = formats[col]
        elif pd.api.types.is_bool_dtype(df[col]):
            kinds[col] = None
        elif pd.api.types.is_integer_dtype(df[col]):
            kinds[col] = "int"
        elif pd.api.types.is_float_dtype(df[col]):
            kinds[col] = infer_decimals(df[col])
        else:
            kinds[col] = None
    return kinds


def display_texts(df, t: "Translator", formats: dict | None = None):
    """The table as the texts the user reads (a DataFrame of str, same index and columns)."""
    kinds = column_kinds(df, formats)
    out = df.astype(object).copy()
    for i, col in enumerate(df.columns):
        out.iloc[:, i] = [cell_text(v, t, kinds[col]) for v in df.iloc[:, i]]
    return out


def _already_text(df) -> bool:
    """Every cell a non-blank text (a table built from t.num/t.pct texts): shown as it is."""
    import pandas as pd

    return all(pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype) for dtype in df.dtypes) \
        and all(isinstance(v, str) and not is_blank(v) for col in df.columns for v in df[col])


def display_table(df, t: "Translator", formats: dict | None = None):
    """The table for st.dataframe: a Styler showing every number in the language (one rounding per
    column), blanks as "–" and booleans as yes/no, with the numbers themselves kept for sorting.
    Columns or indexes that are not unique (a Styler needs them so) get the texts instead."""
    import pandas as pd

    df = df.copy(deep=False) if isinstance(df, pd.DataFrame) else pd.DataFrame(df)
    df.attrs = {}   # formatting hints (functions) are used here, not sent to the browser
    if not (df.columns.is_unique and df.index.is_unique):
        return display_texts(df, t, formats)
    if not formats and _already_text(df):
        return df     # every cell is the text shown: a Styler would change nothing (and costs ~15 ms a draw)
    kinds = column_kinds(df, formats)
    return df.style.format({col: (lambda k: (lambda v: cell_text(v, t, k)))(kinds[col]) for col in df.columns})
