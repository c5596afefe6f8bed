"""core.typed_number: what a user types in a text box, read in her language (issue 14).
Expected values are the numbers a Spanish- or English-speaking user means, written out by hand."""
import pytest

from core.typed_number import read_typed_number, typed_text


@pytest.mark.parametrize("text, lang, expected", [
    ("3,5", "es", 3.5), ("72,5", "es", 72.5), ("1.234,5", "es", 1234.5), ("72.5", "es", 72.5),
    ("3.5", "en", 3.5), ("1,234.5", "en", 1234.5), ("3,5", "en", 3.5), (" 85 %", "es", 85.0),
    ("-0,5", "es", -0.5), ("\u00a072,5", "es", 72.5), ("100", "es", 100.0),
])
def test_numbers_read_as_the_language_writes_them(text, lang, expected):
    assert read_typed_number(text, lang) == (expected, None)


@pytest.mark.parametrize("text, lang, reason", [
    ("1.234", "es", "ambiguous"), ("1,234", "en", "ambiguous"), ("", "es", "empty"), ("   ", "en", "empty"),
    ("3,5,1", "es", "not_a_number"), ("1.2.3", "en", "not_a_number"), ("abc", "es", "not_a_number"),
    ("1,234.5", "es", "not_a_number"), ("1.234,5", "en", "not_a_number"), ("5,", "es", "not_a_number"),
    (",5", "es", "not_a_number"), (True, "es", "not_a_number"), (float("nan"), "es", "not_a_number"),
])
def test_what_cannot_be_read_unambiguously_is_refused_with_its_reason(text, lang, reason):
    assert read_typed_number(text, lang) == (None, reason)


def test_counts_read_thousands_separators():
    assert read_typed_number("9.686", "es", thousands=True) == (9686.0, None)
    assert read_typed_number("9,686", "en", thousands=True) == (9686.0, None)
    assert read_typed_number("1.234.567", "es", thousands=True) == (1234567.0, None)
    assert read_typed_number("0.686", "es", thousands=True) == (0.686, None)   # "0.686" cannot be grouped


@pytest.mark.parametrize("value, lang, thousands, text", [
    (72.5, "es", False, "72,5"), (72.5, "en", False, "72.5"), (85, "es", False, "85"),
    (9686, "es", True, "9.686"), (9686, "en", True, "9,686"), (1234.5, "es", False, "1234,5"),
    (-0.25, "es", False, "-0,25"), (None, "es", False, ""),
])
def test_typed_text_writes_what_reads_back(value, lang, thousands, text):
    assert typed_text(value, lang, thousands) == text
    if value is not None:
        assert read_typed_number(text, lang, thousands) == (float(value), None)


def test_a_typed_setting_is_read_in_its_range_and_kind():
    """read_setting_text: the number as the language writes it, then the setting's own range and kind
    (Setting("x", "float", 1, min=0, max=10) accepts 0..10; an "int" setting refuses 2,5)."""
    from core.settings import Setting
    from core.typed_number import read_setting_text

    share = Setting("x", "float", 1.0, min=0.0, max=10.0)
    count = Setting("n", "int", 1, min=1, max=100_000)
    assert read_setting_text(share, "3,5", "es") == (3.5, None)
    assert read_setting_text(share, "3.5", "en") == (3.5, None)
    assert read_setting_text(share, "10,5", "es") == (None, "range")
    assert read_setting_text(share, "abc", "es") == (None, "not_a_number")
    assert read_setting_text(share, "1.234", "es") == (None, "ambiguous")
    assert read_setting_text(count, "12.500", "es", thousands=True) == (12_500, None)
    assert read_setting_text(count, "2,5", "es") == (None, "range")
