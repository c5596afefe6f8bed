"""Translation catalog and locale-aware number formatting.

Every user-facing string lives in ``core/locales/<view>.toml``, English and Spanish side by side:

    [home.title]
    en = "Service operations dashboard"
    es = "Tablero de operaciones de servicio"

Numbers are formatted for the language: English "1,234.5", Spanish "1.234,5" (the decimal comma
used in Colombia and Peru).
"""
from __future__ import annotations

import math
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


def format_number(value: float, decimals: int, lang: str) -> str:
    """A number with thousands separators and the language's decimal mark; NaN shows as "–"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
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
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self.catalog

    def num(self, value: float, decimals: int = 1) -> str:
        return format_number(value, decimals, self.lang)

    def int(self, value: float) -> str:
        return format_number(round(value), 0, self.lang)

    def pct(self, fraction: float, decimals: int = 1) -> str:
        """A fraction (0.843) shown as a percentage ("84.3 %")."""
        if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
            return "–"
        return f"{format_number(100 * fraction, decimals, self.lang)} %"
