"""The report's Excel workbook: a contents sheet, the narrative, then one sheet per table.

Sheet names are read by people: the table's own title (with the view's name when two views have a
table of the same title), cut at a word boundary within Excel's 31 characters, never mid-word.
Numbers stay numbers: each is rounded when written (no 4.459999999999999) and carries a number
format with the decimals the report shows (percent columns as percentages, p-values below 0.001 shown
as "< 0.001" while the cell keeps the number). Text is neutralised against formula injection
(core.export.safe_frame) and written as text: no formula, no hyperlink.
"""
from __future__ import annotations

import io
import math
import re

import numpy as np
import pandas as pd

from core.export import safe_frame
from core.i18n import Translator, infer_decimals, is_blank
from core.report.common import Section

SHEET_MAX = 31
#: short words a sheet name should not end on after a cut ("Mapa del recorrido de" -> "Mapa del recorrido")
_DANGLING = {"de", "del", "la", "las", "el", "los", "y", "e", "o", "a", "en", "por", "con", "vs", "para",
             "of", "the", "and", "by", "in", "for", "to", "a", "an", "with", "-", "·", "–"}


def fit_name(text: str, limit: int = SHEET_MAX) -> str:
    """``text`` as a sheet name: no []:*?/\\, at most ``limit`` characters, cut between words (a
    single word longer than the limit is the only thing ever cut inside), no dangling short word."""
    words = re.sub(r"[\[\]:*?/\\']", " ", str(text)).split()
    if not words:
        return "-"
    out = []
    for word in words:
        if len(" ".join(out + [word])) > limit:
            break
        out.append(word)
    if not out:
        return words[0][:limit]
    while len(out) > 1 and len(out) < len(words) and out[-1].lower().strip(",.;") in _DANGLING:
        out.pop()
    return " ".join(out).rstrip(",;·–- ")


def _unique(name: str, used: set[str]) -> str:
    base, i = name, 2
    while name.lower() in used:
        suffix = f" ({i})"
        name = fit_name(base, SHEET_MAX - len(suffix)) + suffix
        i += 1
    used.add(name.lower())
    return name


def sheet_plan(sections: list[Section], t: Translator) -> list[tuple[str, Section, str, pd.DataFrame]]:
    """(sheet name, section, table title, table) for every table: the title alone when no other view
    has a table of that title, else "<view> - <title>"; unique within the workbook."""
    titles = [title.lower() for sec in sections for title in sec.tables]
    used = {t("report.sheet_contents").lower(), t("report.sheet_summary").lower()}
    plan = []
    for sec in sections:
        for title, table in sec.tables.items():
            text = title if titles.count(title.lower()) == 1 else f"{sec.title} - {title}"
            plan.append((_unique(fit_name(text[:1].upper() + text[1:]), used), sec, title, table))
    return plan


# ---------------------------------------------------------------- number formats

def _probe_kind(fmt, t: Translator):
    """How a table's formatting function reads a number: "pct", "p", or its decimals (int)."""
    try:
        if str(fmt(1e-9)).lstrip().startswith("<"):
            return "p"
        text = str(fmt(1.23456789))
    except (TypeError, ValueError):
        return None
    if "%" in text:
        return "pct"
    mark = t.num(1.5, 1)[1]
    digits = re.search(re.escape(mark) + r"(\d+)", text)
    return len(digits.group(1)) if digits else 0


def column_formats(df: pd.DataFrame, t: Translator) -> dict[str, tuple[int, str]]:
    """Column -> (decimals to round to, Excel number format) for every numeric column."""
    formats = df.attrs.get("formats", {}) or {}
    percent = set(df.attrs.get("percent", ()))
    p_floor = t.num(0.001, 3)
    out = {}
    for col in df.columns:
        series = df[col]
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            continue
        kind = _probe_kind(formats[col], t) if callable(formats.get(col)) else formats.get(col)
        if col in percent or kind == "pct":
            out[col] = (2, "0.0")          # written as percentages by safe_frame, under a "%" header
        elif kind == "p":
            out[col] = (6, f'[<0.001]"< {p_floor}";0.0000')
        elif pd.api.types.is_integer_dtype(series):
            out[col] = (0, "#,##0")
        else:
            d = kind if isinstance(kind, int) else infer_decimals(series)
            out[col] = (max(d, 0) + 2, "#,##0" + ("." + "0" * d if d else ""))
    return out


def _rounded(value, decimals: int):
    if is_blank(value) or isinstance(value, (bool, np.bool_)):
        return value
    if isinstance(value, (float, np.floating)):
        return None if not math.isfinite(float(value)) else round(float(value), decimals)
    return value


# ---------------------------------------------------------------- the workbook

def _write_table(writer, book, name: str, table: pd.DataFrame, t: Translator) -> None:
    formats = column_formats(table, t)
    frame = safe_frame(table)
    for col in frame.columns:
        if pd.api.types.is_bool_dtype(frame[col]):
            frame[col] = [t("report.yes") if v else t("report.no") for v in frame[col]]
        if isinstance(frame[col].dtype, pd.DatetimeTZDtype):
            frame[col] = frame[col].dt.tz_localize(None)
    originals = list(table.columns)
    for i, col in enumerate(frame.columns):
        if originals[i] in formats:
            decimals, _ = formats[originals[i]]
            frame[col] = [_rounded(v, decimals) for v in frame[col]]
    frame.to_excel(writer, sheet_name=name, index=False)
    sheet = writer.sheets[name]
    for i, col in enumerate(originals):
        width = min(60, max(10, len(str(col)) + 2, *(len(str(v)) + 2 for v in frame.iloc[:200, i])))
        fmt = book.add_format({"num_format": formats[col][1]}) if col in formats else None
        sheet.set_column(i, i, width, fmt)
    sheet.freeze_panes(1, 0)


def build_workbook(sections: list[Section], t: Translator) -> bytes:
    """Contents, narrative, then every table of the report, one sheet each."""
    from core.report import plain_text

    plan = sheet_plan(sections, t)
    col_sheet, col_view, col_holds = t("report.col_sheet"), t("report.col_view"), t("report.col_holds")
    summary = t("report.sheet_summary")
    contents = [{col_sheet: summary, col_view: "–", col_holds: t("report.summary_holds")}]
    contents += [{col_sheet: name, col_view: sec.title,
                  col_holds: t("report.table_holds", title=title[:1].upper() + title[1:], rows=t.int(len(table)))}
                 for name, sec, title, table in plan]
    narrative = [{col_view: sec.title, t("report.col_text"): plain_text(text)}
                 for sec in sections for text in ([sec.note] if sec.note else []) + sec.paragraphs]
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        book = writer.book
        _write_table(writer, book, t("report.sheet_contents"), pd.DataFrame(contents), t)
        _write_table(writer, book, summary, pd.DataFrame(narrative, columns=[col_view, t("report.col_text")]), t)
        writer.sheets[summary].set_column(1, 1, 110, book.add_format({"text_wrap": True, "valign": "top"}))
        for name, _, _, table in plan:
            _write_table(writer, book, name, table, t)
    return buffer.getvalue()
