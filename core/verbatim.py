"""Customers' verbatim comments: grouping into causes with an editable keyword dictionary.

The default dictionary covers the causes of dissatisfaction named by seed 000 (Table 2's
customer voice and section 4.1: telephone communication, staff attitude, appointment delay
or cancellation, coverage, emergency care, denied orders, billing), with keywords in Spanish
and English. A comment belongs to every cause one of whose keywords it contains (matching
ignores case and accents and works on word starts, so "cita" matches "citas" but not
"felicitaciones"); comments that match none are "other". The "top 5 causes" Pareto counts
mentions: a comment that names two causes counts once for each.

Comments are data, never markup: :func:`plain_text` is what every renderer must use.
"""
from __future__ import annotations

import html
import re

import pandas as pd

from core.text import plain_words

OTHER = "other"

# cause -> keywords (Spanish and English; accents optional, matched at word starts)
DEFAULT_CAUSES: dict[str, list[str]] = {
    "telephone": ["telefon", "llam", "linea de atencion", "contesta", "comunicarse",
                  "call centre", "call center", "phone", "telephone", "calls", "calling",
                  "on hold", "communication"],
    "staff_attitude": ["actitud", "grosero", "grosera", "trato", "mala atencion", "descortes",
                       "amabilidad", "attitude", "rude", "impolite", "unfriendly", "unkind"],
    "appointment_delay": ["demora", "retraso", "tardan", "tiempo de espera", "esperar", "cita", "agenda", "cancelaron",
                          "cancelacion", "no hay citas", "delay", "waiting", "wait", "appointment",
                          "cancel", "cancellation", "schedule"],
    "coverage": ["cobertura", "no cubre", "cubrimiento", "exclusion", "preexistencia", "limite",
                 "coverage", "not covered", "cover", "pre-existing", "limit"],
    "emergency": ["urgencia", "emergencia", "ambulancia", "emergency", "ambulance", "urgent care",
                  "emergency room"],
    "denied_orders": ["orden negada", "negaron", "negada", "negado", "rechazaron", "autorizacion",
                      "denied", "rejected", "refused", "authorization", "authorisation",
                      "denied order"],
    "billing": ["cobro", "factura", "cobraron", "pago", "copago", "cuota", "tarifa", "billing",
                "invoice", "charge", "payment", "copayment", "fees"],
}

CAUSE_ORDER = list(DEFAULT_CAUSES) + [OTHER]


def _norm(text) -> str:
    return plain_words(text)


def plain_text(comment) -> str:
    """A comment made safe for any HTML-capable renderer (plotly labels, HTML export).

    Escapes & < > " ' so that tags such as <script> are shown as text and never run.
    """
    if comment is None or (isinstance(comment, float) and comment != comment):
        return ""
    return html.escape(str(comment), quote=True)


def _patterns(dictionary: dict[str, list[str]]) -> dict[str, re.Pattern]:
    out = {}
    for cause, words in dictionary.items():
        words = [_norm(w) for w in words if str(w).strip()]
        if words:
            out[cause] = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")")
    return out


def classify(comment, dictionary: dict[str, list[str]] | None = None) -> list[str]:
    """The causes a comment mentions, in dictionary order; [] for a blank comment,
    ["other"] when no keyword matches."""
    if comment is None or (isinstance(comment, float) and comment != comment):
        return []
    text = _norm(comment)
    if not text:
        return []
    pats = _patterns(DEFAULT_CAUSES if dictionary is None else dictionary)
    found = [c for c, p in pats.items() if p.search(text)]
    return found or [OTHER]


def classify_comments(responses: pd.DataFrame, dictionary=None) -> pd.DataFrame:
    """One row per (comment, cause): columns phase, comment, cause, plus date/segment/channel
    when present. Blank comments are left out."""
    pats = _patterns(DEFAULT_CAUSES if dictionary is None else dictionary)
    keep = [c for c in ("phase", "comment", "date", "segment", "channel", "recommend")
            if c in responses.columns]
    rows = []
    for rec in responses[keep].to_dict("records"):
        c = rec.get("comment")
        if c is None or (isinstance(c, float) and c != c) or not str(c).strip():
            continue
        text = _norm(c)
        causes = [k for k, p in pats.items() if p.search(text)] or [OTHER]
        for cause in causes:
            rows.append({**rec, "cause": cause})
    return pd.DataFrame(rows, columns=keep + ["cause"])


def pareto(causes: pd.DataFrame | pd.Series, top: int = 5, include_other: bool = True) -> pd.DataFrame:
    """Pareto table of causes: cause, count, share (fraction of all mentions), cumulative.

    The ``top`` most mentioned causes (ties broken by dictionary order), sorted by count;
    shares are over all mentions, so the last cumulative value shows how much the top
    causes cover. "other" is kept unless ``include_other`` is False.
    """
    s = causes["cause"] if isinstance(causes, pd.DataFrame) else causes
    if not include_other:
        s = s[s != OTHER]
    total = len(s)
    counts = s.value_counts()
    order = {c: i for i, c in enumerate(CAUSE_ORDER)}
    items = sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order)), str(kv[0])))
    items = items[:top]
    df = pd.DataFrame(items, columns=["cause", "count"])
    df["share"] = df["count"] / total if total else 0.0
    df["cumulative"] = df["share"].cumsum()
    return df


def dictionary_to_table(dictionary: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """The dictionary as an editable table: one row per cause, keywords joined by '; '."""
    d = DEFAULT_CAUSES if dictionary is None else dictionary
    return pd.DataFrame({"cause": list(d), "keywords": ["; ".join(v) for v in d.values()]})


def dictionary_from_table(table: pd.DataFrame) -> dict[str, list[str]]:
    """Back from the edited table; blank causes/keywords are ignored, repeated causes merged."""
    out: dict[str, list[str]] = {}
    for cause, words in zip(table["cause"], table["keywords"]):
        if cause is None or (isinstance(cause, float) and cause != cause) or not str(cause).strip():
            continue
        ws = [w.strip() for w in re.split(r"[;,\n]", "" if words is None else str(words)) if w.strip()]
        out.setdefault(str(cause).strip(), []).extend(ws)
    return out


# Answers 0-8 on the 0-10 recommendation question: customers who are not promoters (DESIGN.md's NPS
# cut 9-10). Their comments are where the causes of dissatisfaction are looked for.
UNHAPPY_MAX = 8


def unhappy(causes: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``causes`` (classify_comments) from customers who are not promoters: a
    recommendation of 0-8. Rows without a recommendation answer are left out."""
    if "recommend" not in causes.columns:
        return causes.iloc[0:0]
    scores = pd.to_numeric(causes["recommend"], errors="coerce")
    return causes[scores.notna() & (scores <= UNHAPPY_MAX)]


def comments_by_response(causes: pd.DataFrame) -> pd.DataFrame:
    """One row per comment (its phase, date, segment, channel and recommendation kept) with the
    tuple of its causes in column ``causes``, in first-mention order."""
    keys = [c for c in ("comment", "date", "segment", "channel", "recommend") if c in causes.columns]
    if causes.empty:
        return pd.DataFrame(columns=keys + ["causes"])
    grouped = causes.groupby(keys, dropna=False, sort=False)["cause"].agg(tuple)
    return grouped.rename("causes").reset_index()


def top_causes(causes: pd.DataFrame, phases, top: int = 3) -> dict[str, list[tuple[str, int]]]:
    """For each phase, its ``top`` most mentioned causes other than "other", as (cause, count)."""
    out = {}
    for phase in phases:
        c = causes[(causes["phase"].astype(object) == phase) & (causes["cause"] != OTHER)]
        out[phase] = [(str(k), int(n)) for k, n in c["cause"].value_counts().head(top).items()]
    return out


def dictionary_from_setting(value) -> dict[str, list[str]]:
    """The cause dictionary kept in a workspace setting ({"default": ..., "rows": [[cause,
    keywords], ...]}, as the page's editor saves it); the default dictionary for anything else."""
    if not isinstance(value, dict) or not isinstance(value.get("rows"), list):
        return DEFAULT_CAUSES
    rows = [r for r in value["rows"] if isinstance(r, (list, tuple)) and len(r) >= 2]
    if not rows:
        return DEFAULT_CAUSES
    table = pd.DataFrame([list(r[:2]) for r in rows], columns=["cause", "keywords"])
    return dictionary_from_table(table) or DEFAULT_CAUSES
