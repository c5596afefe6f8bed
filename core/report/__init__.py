"""The client-ready report of a workspace: one self-contained HTML file and one XLSX workbook.

Each view's section is rebuilt from the workspace (datasets and settings) with the same core
analysis and figure functions the pages use, and its narrative comes from the catalog (mostly the
very sentences the page shows), in the chosen language. The HTML embeds plotly.js once, inline,
so it opens without internet; every text is HTML-escaped (user-supplied text included: file names,
phase names, comments), and the only markup is the catalog's **bold**. The workbook holds every
table of the report (core.report.workbook: a contents sheet, readable sheet names, rounded typed
numbers, cells neutralised against formula injection) and a sheet with the narrative. The title and
the file name carry the workspace's name and the date; the definitions of the numbers are written
into the report (report.def.* in core/locales/report.toml, condensed from docs/DEFINITIONS.md).

A view whose data are missing or cannot be analysed gets a short note instead of a section, never
an exception: the report of a half-filled workspace is still a report.
"""
from __future__ import annotations

import datetime as dt
import importlib
import json
import html
import re


import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.i18n import Translator, cell_text, column_kinds, is_blank
from core.report.common import Section, p_text as _p, translated as _translated, trimmed  # noqa: F401
from core.report.plotlyjs import bundle_for
from core.workspace import Workspace, shown_name

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
    """A table as HTML: numbers the way the table says they read (its ``attrs["formats"]``), else
    one rounding per column (core.i18n.column_kinds), booleans as yes/no, blanks as "–"."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    kinds = column_kinds(df, df.attrs.get("formats", {}))
    kinds = [kinds.get(c) for c in df.columns]
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
nav ol{columns:2}section p{line-height:1.5;max-width:70em}dl.defs dt{font-weight:600;margin-top:10px}
dl.defs dd{margin:2px 0 0 0;line-height:1.5;max-width:70em}
.table{overflow-x:auto;max-height:460px;overflow-y:auto;border:1px solid #e2e8f0}
table{border-collapse:collapse;font-size:.82rem;width:100%}th,td{padding:4px 8px;border-bottom:1px solid #e2e8f0;text-align:left;vertical-align:top}
th{background:#f1f5f9;position:sticky;top:0}td.num{text-align:right;white-space:nowrap}.figure{margin:16px 0;min-height:120px}
@media print{.table{max-height:none;overflow:visible}h2{page-break-before:always}}
"""
#: the definitions written into the report (report.def.<key>.term / .text), in this order
DEFINITIONS = ("servqual_gap", "servqual_score", "alpha", "tests", "p_value", "nps", "ins", "ces", "pain_point",
               "margin", "erlang_c", "service_level", "erlang_a", "anova", "tukey")
FIGURE_CONFIG = {"displaylogo": False, "responsive": True}


def report_name(ws: Workspace, t: Translator) -> str:
    """The workspace as the client reads it (core.workspace.shown_name)."""
    return shown_name(ws, t)


def report_title(ws: Workspace, t: Translator, when: dt.datetime | None = None) -> str:
    """"Informe de operaciones de servicio: <workspace>, <date>"."""
    when = when or dt.datetime.now()
    return t("report.title", name=report_name(ws, t), date=when.strftime("%Y-%m-%d"))


def file_name(ws: Workspace, t: Translator, extension: str, when: dt.datetime | None = None) -> str:
    """The download's file name: "Informe_<workspace>_<date>.<ext>" in the language, with only
    letters (accents kept), digits, "-" and "_" (e.g. "Informe_Caso_de_ejemplo_2026-11-30.html")."""
    when = when or dt.datetime.now()
    stem = f"{t('report.file_stem')} {report_name(ws, t)} {when.strftime('%Y-%m-%d')}"
    stem = re.sub(r"[^\w-]+", "_", stem, flags=re.UNICODE).strip("_.")[:120] or "report"
    return f"{stem}.{extension}"


def plain_text(text: str) -> str:
    """Catalog text without its Markdown (bold marks, escapes): for the workbook."""
    return _BOLD.sub(r"\1", _ESCAPED.sub(r"\1", str(text)))


def definitions_html(t: Translator) -> str:
    """The short definition of every number the report shows (condensed from docs/DEFINITIONS.md)."""
    items = "".join(f"<dt>{html.escape(t(f'report.def.{k}.term'))}</dt><dd>{text_to_html(t(f'report.def.{k}.text'))}</dd>"
                    for k in DEFINITIONS)
    return (f"<section id='definitions' data-view='definitions'><h2>{html.escape(t('report.definitions'))}</h2>"
            f"<dl class='defs'>{items}</dl></section>")


def _section_html(i: int, sec: Section, t: Translator) -> str:
    body = [f"<section id='view-{sec.view}' data-view='{sec.view}'><h2>{i}. {html.escape(sec.title)}</h2>"]
    if sec.note:
        body.append(f"<p class='note'>{text_to_html(sec.note)}</p>")
    body += [f"<p>{text_to_html(p)}</p>" for p in sec.paragraphs]
    for j, fig in enumerate(sec.figures):
        body.append(figure_html(trimmed(fig), f"fig-{sec.view}-{j}"))
    for title, table in sec.tables.items():
        body.append(f"<h3>{html.escape(capitalised(title))}</h3>{table_html(table, t)}")
    body.append("</section>")
    return "".join(body)


def capitalised(title: str) -> str:
    """A table title as a heading: first letter upper case ("grupos" -> "Grupos")."""
    return title[:1].upper() + title[1:]


def figure_html(fig: go.Figure, div_id: str) -> str:
    """A figure as an empty div of its height and its JSON (``</`` escaped) beside it; the loader
    (LOADER) draws it when it comes near the screen, or before printing."""
    import plotly.io as pio

    height = int(fig.layout.height or 450)
    data = pio.to_json(fig, validate=False, pretty=False).replace("</", "<\\/")
    return (f"<div class='figure'><div id='{div_id}' class='plotly-graph-div' style='height:{height}px;width:100%'></div>"
            f"<script type='application/json' id='{div_id}-data'>{data}</script></div>")


#: draws each figure when it comes within 800 px of the screen (and all before printing); plotly.js
#: itself starts only then, so the report opens at once and the figures follow as the reader scrolls
LOADER = """(function(){var cfg=%s,started=false;
function start(){if(!started){started=true;var s=document.createElement('script');
s.text=document.getElementById('plotly-src').textContent;document.head.appendChild(s);}}
function draw(d){if(d.getAttribute('data-drawn'))return;d.setAttribute('data-drawn','1');start();
var f=JSON.parse(document.getElementById(d.id+'-data').textContent);Plotly.newPlot(d,f.data,f.layout,cfg);}
var divs=[].slice.call(document.querySelectorAll('div.plotly-graph-div'));
window.addEventListener('beforeprint',function(){divs.forEach(draw);});
if(!('IntersectionObserver' in window)){divs.forEach(draw);return;}
var io=new IntersectionObserver(function(es){es.forEach(function(e){if(e.isIntersecting){io.unobserve(e.target);draw(e.target);}});},{rootMargin:'800px 0px'});
divs.forEach(function(d){io.observe(d);});})();"""


def build_html(ws: Workspace, t: Translator, sections: list[Section] | None = None,
               generated: dt.datetime | None = None) -> str:
    """The report as one HTML document: one copy of plotly.js inline at the end (the small
    cartesian bundle when it draws every figure), figures without it, no external resource."""
    sections = build_sections(ws, t) if sections is None else sections
    generated = generated or dt.datetime.now()
    toc = [f"<li><a href='#view-{sec.view}'>{html.escape(sec.title)}</a></li>" for sec in sections]
    toc.append(f"<li><a href='#definitions'>{html.escape(t('report.definitions'))}</a></li>")
    parts = [_section_html(i, sec, t) for i, sec in enumerate(sections, start=1)]
    _, plotly_js = bundle_for([fig for sec in sections for fig in sec.figures])
    sources = "".join(f"<li>{html.escape(t(f'datasets.{n}'))}: {html.escape(_source_text(ws.source(n), t))}</li>"
                      for n in ws.datasets)
    title = report_title(ws, t, generated)
    return (f"<!DOCTYPE html><html lang='{t.lang}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>{CSS}</style>"
            f"</head><body><main>"
            f"<h1>{html.escape(title)}</h1>"
            f"<p class='meta'>{html.escape(t('report.generated', when=generated.strftime('%Y-%m-%d %H:%M')))}</p>"
            f"<p>{text_to_html(t('report.intro'))}</p>"
            f"<nav><h3>{html.escape(t('report.contents'))}</h3><ol>{''.join(toc)}</ol></nav>"
            f"<h3>{html.escape(t('report.sources'))}</h3><ul>{sources}</ul>"
            f"{''.join(parts)}{definitions_html(t)}"
            f"<p class='note'>{text_to_html(t('report.footer'))}</p></main>"
            f"<script type='text/plain' id='plotly-src'>{plotly_js}</script><script>{LOADER % json.dumps(FIGURE_CONFIG)}</script></body></html>")


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _source_text(source: str | None, t: Translator) -> str:
    if source is None:
        return "–"
    return t("report.source_sample") if source == "sample" else str(source)


def build_xlsx(ws: Workspace, t: Translator, sections: list[Section] | None = None) -> bytes:
    """The workbook: a contents sheet naming every sheet, the narrative, then every table of the
    report one sheet each, with readable names and rounded, typed numbers (core.report.workbook)."""
    from core.report.workbook import build_workbook

    return build_workbook(build_sections(ws, t) if sections is None else sections, t)
