"""The translation catalog: complete in both languages, and numbers formatted per language."""
import re
from pathlib import Path

import pytest

from core.i18n import LANGUAGES, Translator, load_catalog, placeholders


def test_every_key_has_both_languages_with_the_same_placeholders():
    catalog = load_catalog()
    assert len(catalog) > 150
    for key, entry in catalog.items():
        assert set(entry) == set(LANGUAGES), f"{key} lacks a language"
        assert entry["en"].strip() and entry["es"].strip(), key
        assert placeholders(entry["en"]) == placeholders(entry["es"]), key


def test_every_key_used_in_code_exists():
    """Literal t("...") keys in app_pages/, ui/ and app.py are all in the catalog."""
    catalog = load_catalog()
    root = Path(__file__).resolve().parent.parent
    used = set()
    for path in [root / "app.py", *root.glob("app_app_pages/*.py"), *root.glob("ui/*.py"), *root.glob("core/*.py"),
                 *root.glob("core/figures/*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in catalog)
    assert not missing, missing


@pytest.mark.parametrize("lang, number, pct, integer", [
    ("en", "1,234.6", "84.3 %", "12,345"),
    ("es", "1.234,6", "84,3 %", "12.345"),
])
def test_numbers_follow_the_language(lang, number, pct, integer):
    t = Translator(lang)
    assert t.num(1234.56, 1) == number
    assert t.pct(0.8432) == pct
    assert t.int(12345.4) == integer
    assert t.num(float("nan")) == "–"


def test_translation_with_values_and_unknown_key():
    t = Translator("es")
    assert t("upload.loaded", file="a.csv", rows="3") == "Se cargó a.csv: 3 filas."
    assert Translator("en")("upload.loaded", file="a.csv", rows="3") == "Loaded a.csv: 3 rows."
    with pytest.raises(KeyError):
        t("no.such.key")
    with pytest.raises(ValueError):
        Translator("fr")
