"""The client-ready report of a workspace: one self-contained HTML file and one XLSX workbook.

Each view's section is rebuilt from the workspace (datasets and settings) with the same core
analysis and figure functions the pages use, and its narrative comes from the catalog (mostly the
very sentences the page shows), in the chosen language. The HTML embeds plotly.js once, inline,
so it opens without internet; every text is HTML-escaped (user-supplied text included: file names,
phase names, comments), and the only markup is the catalog's **bold**. The workbook holds every
table of the report (cells neutralised against formula injection by core.export.xlsx_bytes) and a
sheet with the narrative.

A view whose data are missing or cannot be analysed gets a short note instead of a section, never
an exception: the report of a half-filled workspace is still a report.
"""
from __future__ import annotations

import datetime as dt
import importlib
import html
import re


import numpy as np
import pandas as pd

from core.export import xlsx_bytes
from core.i18n import Translator, cell_text, is_blank
from core.report.common import Section, p_text as _p, translated as _translated  # noqa: F401
from core.workspace import Workspace

VIEWS = ("servqual", "journey", "blueprint", "indicators", "planning", "staffing", "abandonment")


def build_sections(ws: Workspace, t: Translator, views=VIEWS) -> list[Section]:
    """One Section per view; a view that fails on this workspace's data gets a note, not an error."""
    sections = []
    for view in views:
        try:
            sections.append(importlib.import_module(f"core.report.{view}").section(ws, t))
        except Exception as err:  # noqa: BLE001 - the report must be built even if one view cannot be
            sections.append(Section(view, t(f"nav.{view}"), note=t("report.view_failed", error=type(err).__name__)))
    return sections


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~:$])")


# ---------------------------------------------------------------- helpers

def text_to_html(text: str) -> str:
    """Catalog text (Markdown bold only) as safe HTML: everything escaped, then **x** -> <strong>."""
    plain = _ESCAPED.sub(r"\1", str(text))
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(plain))


def _cell(value, t: Translator, kind=None) -> str:
    """A table cell as text in the language: ``kind`` (core.i18n.cell_text: decimals, "pct", "p", a
    function) when the table says how its column reads; otherwise booleans as yes/no, floats with 3
    decimals below 10 and 2 above, blanks (None, NaN, NA, "nan") as "–"."""
    if kind is not None:
        return cell_text(value, t, kind)
    if is_blank(value):
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return t("report.yes") if value else t("report.no")
    if isinstance(value, (float, np.floating)):
        return t.num(float(value), 3 if abs(value) < 10 else 2)
    if isinstance(value, (int, np.integer)):
        return t.int(value)
    if isinstance(value, (pd.Timestamp, dt.date, dt.datetime)):
        return str(value)[:19]
    return str(value)


def table_html(df: pd.DataFrame, t: Translator, max_rows: int = 400) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    formats = df.attrs.get("formats", {})
    kinds = [formats.get(c) for c in df.columns]
    rows = []
    for row in df.head(max_rows).itertuples(index=False):
        rows.append("<tr>" + "".join(f"<td class='{'num' if _is_number(v) else 'text'}'>"
                                     f"{html.escape(_cell(v, t, k))}</td>" for v, k in zip(row, kinds)) + "</tr>")
    more = ""
    if len(df) > max_rows:
        more = f"<p class='note'>{html.escape(t('report.more_rows', n=t.int(len(df) - max_rows)))}</p>"
    return f"<div class='table'><table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>{more}"


CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#0f172a;margin:0;background:#fff}
main{max-width:1200px;margin:0 auto;padding:24px 32px 64px}
h1{color:#0f766e;margin-bottom:4px}h2{border-bottom:2px solid #0f766e;padding-bottom:4px;margin-top:48px}
h3{font-size:1rem;margin:24px 0 6px}.meta,.note{color:#475569;font-size:.9rem}
nav ol{columns:2}section p{line-height:1.5;max-width:70em}
.table{overflow-x:auto;max-height:460px;overflow-y:auto;border:1px solid #e2e8f0}
table{border-collapse:collapse;font-size:.82rem;width:100%}th,td{padding:4px 8px;border-bottom:1px solid #e2e8f0;text-align:left;vertical-align:top}
th{background:#f1f5f9;position:sticky;top:0}td.num{text-align:right;white-space:nowrap}.figure{margin:16px 0}
@media print{.table{max-height:none;overflow:visible}h2{page-break-before:always}}
"""


def build_html(ws: Workspace, t: Translator, sections: list[Section] | None = None,
               generated: dt.datetime | None = None) -> str:
    """The report as one HTML document: plotly.js inline once, no external resource."""
    sections = build_sections(ws, t) if sections is None else sections
    generated = generated or dt.datetime.now()
    parts, toc = [], []
    plotly_included = False
    for i, sec in enumerate(sections, start=1):
        anchor = f"view-{sec.view}"
        toc.append(f"<li><a href='#{anchor}'>{html.escape(sec.title)}</a></li>")
        body = [f"<section id='{anchor}' data-view='{sec.view}'><h2>{i}. {html.escape(sec.title)}</h2>"]
        if sec.note:
            body.append(f"<p class='note'>{text_to_html(sec.note)}</p>")
        body += [f"<p>{text_to_html(p)}</p>" for p in sec.paragraphs]
        for fig in sec.figures:
            div = fig.to_html(full_html=False, include_plotlyjs=not plotly_included,
                              config={"displaylogo": False, "responsive": True})
            plotly_included = True
            body.append(f"<div class='figure'>{div}</div>")
        for title, table in sec.tables.items():
            body.append(f"<h3>{html.escape(title)}</h3>{table_html(table, t)}")
        body.append("</section>")
        parts.append("".join(body))
    sources = "".join(f"<li>{html.escape(t(f'datasets.{n}'))}: {html.escape(_source_text(ws.source(n), t))}</li>"
                      for n in ws.datasets)
    title = t("report.title", name=t("app.sample_workspace_name") if ws.is_sample else ws.name)
    return (f"<!DOCTYPE html><html lang='{t.lang}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body><main>"
            f"<h1>{html.escape(title)}</h1>"
            f"<p class='meta'>{html.escape(t('report.generated', when=generated.strftime('%Y-%m-%d %H:%M')))}</p>"
            f"<p>{text_to_html(t('report.intro'))}</p>"
            f"<nav><h3>{html.escape(t('report.contents'))}</h3><ol>{''.join(toc)}</ol></nav>"
            f"<h3>{html.escape(t('report.sources'))}</h3><ul>{sources}</ul>"
            f"{''.join(parts)}"
            f"<p class='note'>{text_to_html(t('report.footer'))}</p></main></body></html>")


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _source_text(source: str | None, t: Translator) -> str:
    if source is None:
        return "–"
    return t("report.source_sample") if source == "sample" else str(source)


def build_xlsx(ws: Workspace, t: Translator, sections: list[Section] | None = None) -> bytes:
    """Every table of the report, one sheet each (unique names within Excel's 31 characters),
    after a first sheet with the narrative of every view."""
    sections = build_sections(ws, t) if sections is None else sections
    narrative = []
    for sec in sections:
        for text in ([sec.note] if sec.note else []) + sec.paragraphs:
            narrative.append({t("report.col_view"): sec.title,
                              t("report.col_text"): _BOLD.sub(r"\1", _ESCAPED.sub(r"\1", text))})
    sheets = {t("report.sheet_summary"): pd.DataFrame(narrative, columns=[t("report.col_view"), t("report.col_text")])}
    used = {name.lower() for name in sheets}
    for sec in sections:
        for title, table in sec.tables.items():
            name = _sheet_name(f"{sec.title[:12]} - {title}", used)
            sheets[name] = table
    return xlsx_bytes(sheets)


def _sheet_name(text: str, used: set[str]) -> str:
    """An Excel sheet name: no []:*?/\\, at most 31 characters, unique (case-insensitive)."""
    base = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "sheet"
    name, i = base, 2
    while name.lower() in used:
        suffix = f" ({i})"
        name = base[:31 - len(suffix)] + suffix
        i += 1
    used.add(name.lower())
    return name
