"""The sample case's content in both languages (issue 14, point 1).

sample_data/sample_text.csv pairs every text of the sample with its translation; core.sample builds
the sample workspace in either language and relabels an open sample workspace when the session's
language changes (ui.state.workspace). Texts change, numbers do not: every view computes the same
numbers on the Spanish and on the English sample. A user's own texts are never translated.
"""
from __future__ import annotations

import dataclasses
import importlib
import json
import math
import numbers

import pandas as pd
import pytest

from core import sample as cs
from core import verbatim as vb
from core.i18n import Translator
from core.journey import split_items
from core.sample import in_language, relabel_sample, sample_language, sample_table, sample_texts, sample_workspace
from core.workspace import SAMPLE
from tests.pagetest import run_page

ES, EN = Translator("es"), Translator("en")
PAIRS = sample_texts()
ENGLISH_ONLY = set(PAIRS["en"]) - set(PAIRS["es"])
# columns that hold codes (translated by the catalogs where shown), ids, or labels as printed in Spanish
CODE_COLUMNS = {("servqual", "respondent"), ("servqual_design", "dimension"), ("indicators", "indicator"),
                ("indicators", "unit"), ("indicators", "direction"), ("indicators", "period"),
                ("abandonment", "model"), ("abandonment", "account")}
REFERENCE_TABLES = ("blueprint_callcentre_current.csv", "blueprint_callcentre_proposed.csv", "blueprint_phase_links.csv")


def text_items(df: pd.DataFrame, name: str):
    """(column, item) for every ';'-separated item of every text cell that is not a code."""
    for col in df.columns:
        if (name, col) in CODE_COLUMNS or col == "step_paper_label" and name.startswith("blueprint_callcentre"):
            continue
        if not (df[col].dtype == object or pd.api.types.is_string_dtype(df[col])):
            continue
        for value in df[col].dropna().unique():
            if isinstance(value, str) and value != "all":
                for item in ([value] if value in set(PAIRS["en"]) | set(PAIRS["es"]) else split_items(value)):
                    yield col, item


def test_the_translation_table_is_one_to_one():
    assert not PAIRS.empty and list(PAIRS.columns) == ["en", "es"]
    assert PAIRS["en"].is_unique and PAIRS["es"].is_unique
    assert (PAIRS["en"].str.strip() != "").all() and (PAIRS["es"].str.strip() != "").all()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_text_of_the_sample_is_in_the_chosen_language(lang):
    """No text of the other language is left in the sample's datasets or reference tables, and every
    text has its pair (a text missing from sample_text.csv would stay in one language)."""
    other = set(PAIRS["es" if lang == "en" else "en"]) - set(PAIRS[lang])
    mine = set(PAIRS[lang])
    ws = sample_workspace(lang)
    tables = {name: ws.get(name) for name in ws.datasets}
    tables.update({f: sample_table(f, lang) for f in REFERENCE_TABLES if f != "blueprint_phase_links.csv"})
    left, unknown = [], []
    for name, df in tables.items():
        for col, item in text_items(df, name.removesuffix(".csv")):
            if item in other:
                left.append((name, col, item))
            elif item not in mine and not item.startswith("R0") and item not in ("1", "2"):
                unknown.append((name, col, item))
    assert not left, left[:5]
    assert not unknown, unknown[:5]


def test_spanish_sample_holds_the_spanish_texts_named_in_issue_14():
    ws = sample_workspace("es")
    journey_map = ws.get("journey_map")
    assert "Solicitud y contrato" in list(journey_map["phase"])
    assert "Publicidad; Correo directo" in list(journey_map["customer_process"])
    assert "Dificultad de comunicación telefónica" in " ".join(journey_map["customer_voice"].dropna())
    assert "Contacto del ejecutivo comercial" in list(ws.get("blueprint_current")["step"])
    assert ws.get("blueprint_current")["physical_evidence"].iloc[0] == "Publicidad; Correo directo"
    assert set(ws.get("indicators")["segment"]) == {"all", "pequeñas empresas", "medianas empresas", "grandes empresas"}
    assert set(ws.get("servqual")["segment"]) == {"pequeña", "mediana", "grande"}
    responses = ws.get("journey_responses")
    assert set(responses["segment"]) == {"corporativo", "familiar", "individual"}
    assert set(responses["channel"]) == {"teléfono", "presencial", "app móvil", "sitio web"}
    assert "Great service, thank you" not in set(responses["comment"].dropna())
    assert "Excelente servicio, gracias" in set(responses["comment"].dropna())
    callcentre = sample_table("blueprint_callcentre_current.csv", "es")
    assert list(callcentre["step"]) == ["Front", "Coordinación", "Seguimiento"]
    assert "(8 % cuenta 1, 10,2 % cuenta 2)" in callcentre["failure_point"].iloc[0]


def test_english_sample_has_english_comments_only():
    comments = set(sample_workspace("en").get("journey_responses")["comment"].dropna())
    assert "Llamé varias veces y nadie contesta" not in comments
    assert "I kept calling and nobody answers" in comments and "So-so" in comments


def test_phase_names_are_the_same_on_every_page_in_each_language():
    """Journey map, responses, blueprint links and the journey catalog's seed phases use one name."""
    for lang, t in (("es", ES), ("en", EN)):
        ws = sample_workspace(lang)
        phases = list(ws.get("journey_map")["phase"])
        assert set(ws.get("journey_responses")["phase"]) == set(phases)
        keys = ("discovery", "application", "product_use", "relationship", "invoice", "portfolio", "termination")
        assert phases == [t(f"journey.phase.{k}") for k in keys]
        blueprint = importlib.import_module("core.views.blueprint").compute(ws)
        assert blueprint.pain_state == "linked"
        assert set(blueprint.addressed) | set(blueprint.untouched) <= set(phases)
        assert blueprint.addressed == tuple(t(f"journey.phase.{k}") for k in ("application", "product_use", "invoice"))


def test_each_comment_and_voice_item_names_the_same_causes_in_both_languages():
    """core/verbatim.py's keywords find the same causes in a comment and in its translation, so the
    Pareto of causes is the same in both languages (classification by hand: e.g. 'telefon' and
    'phone' are both telephone keywords)."""
    en_ws = sample_workspace("en")
    texts = set(en_ws.get("journey_responses")["comment"].dropna())
    texts |= {i for cell in en_ws.get("journey_map")["customer_voice"].dropna() for i in split_items(cell)}
    pairs = PAIRS[PAIRS["en"].isin(texts)]
    assert len(pairs) == 30 + 7
    for en, es in zip(pairs["en"], pairs["es"]):
        assert vb.classify(en) == vb.classify(es), (en, es)
    assert vb.classify("Llamé varias veces y nadie contesta") == ["telephone"]
    assert vb.classify("I kept calling and nobody answers") == ["telephone"]


def _numbers(obj, out: list, depth: int = 0) -> None:
    """Every number a result holds (numeric columns of its tables included), texts left out."""
    if depth > 8 or obj is None or isinstance(obj, bool):
        return
    if isinstance(obj, numbers.Number):
        value = float(obj)
        out.append("nan" if math.isnan(value) else round(value, 9))
    elif isinstance(obj, pd.DataFrame):
        for col in obj.columns:
            if pd.api.types.is_numeric_dtype(obj[col]) and not pd.api.types.is_bool_dtype(obj[col]):
                _numbers(list(obj[col]), out, depth + 1)
    elif isinstance(obj, pd.Series):
        if pd.api.types.is_numeric_dtype(obj) and not pd.api.types.is_bool_dtype(obj):
            _numbers(list(obj), out, depth + 1)
    elif isinstance(obj, dict):
        for value in obj.values():
            _numbers(value, out, depth + 1)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for value in obj:
            _numbers(value, out, depth + 1)
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            if f.name != "session":        # the blueprint's edit session: its token holds id()s
                _numbers(getattr(obj, f.name), out, depth + 1)


@pytest.mark.parametrize("view", ["servqual", "journey", "blueprint", "indicators"])
def test_every_view_computes_the_same_numbers_in_both_languages(view):
    compute = importlib.import_module(f"core.views.{view}").compute
    en, es = [], []
    _numbers(compute(sample_workspace("en")), en)
    _numbers(compute(sample_workspace("es")), es)
    assert len(en) > 40
    order = lambda v: (isinstance(v, str), 0.0 if isinstance(v, str) else v)  # noqa: E731
    assert sorted(en, key=order) == sorted(es, key=order)


def test_journey_causes_on_the_spanish_sample():
    """The journey page's causes (Pareto of comments) are found in the Spanish comments, with the
    same counts as in English."""
    vj = importlib.import_module("core.views.journey")
    ws_es, ws_en = sample_workspace("es"), sample_workspace("en")
    es, en = vj.compute(ws_es), vj.compute(ws_en)
    assert es.pareto is not None and not es.pareto.empty
    assert list(es.pareto["cause"]) == list(en.pareto["cause"])
    assert list(es.pareto["count"]) == list(en.pareto["count"])
    assert "telephone" in list(es.pareto["cause"])


def test_relabelling_turns_the_sample_into_the_other_language_and_back():
    ws = sample_workspace("es")
    ws.settings["journey.marked"] = ["Solicitud y contrato", "Uso del producto"]
    ws.settings["journey.phase"] = "Descubrimiento"
    assert sample_language(ws) == "es"
    assert relabel_sample(ws, "en")
    assert sample_language(ws) == "en"
    fresh = sample_workspace("en")
    for name in fresh.datasets:
        pd.testing.assert_frame_equal(ws.get(name), fresh.get(name))
    assert ws.settings["journey.marked"] == ["Application and contract", "Product use"]
    assert ws.settings["journey.phase"] == "Discovery"
    relabel_sample(ws, "es")
    assert ws.settings["journey.phase"] == "Descubrimiento"
    pd.testing.assert_frame_equal(ws.get("journey_map"), sample_workspace("es").get("journey_map"))


def test_the_cause_dictionary_is_not_translated_with_the_sample():
    """Its keywords are the product's in both languages ("phone" is also a sample channel, "teléfono"
    in Spanish): translated, the dictionary would find other comments, and its table would no longer
    be the editor's own, so her edits would be dropped the next time the editor is drawn."""
    default = vb.dictionary_to_table().to_json(orient="split")
    edited = {"default": default, "rows": [["telephone", "phone; llamada"], ["Espera", "demora"]]}
    ws = sample_workspace("en")
    ws.settings["journey.dictionary"] = {"default": default, "rows": [list(r) for r in edited["rows"]]}
    assert relabel_sample(ws, "es")
    assert ws.settings["journey.dictionary"] == edited
    assert "phone" in json.loads(default)["data"][0][1].split("; ")   # the word that was translated before


def test_an_edited_table_of_the_sample_follows_the_language():
    default = pd.DataFrame({"segment": ["small businesses", "large businesses"], "share": [58.0, 3.0],
                            "value": [75.1, 77.3]})
    ws = sample_workspace("en")
    ws.settings["indicators.scenarios"] = {"default": default.to_json(orient="split"),
                                           "rows": [["small businesses", 60.0, 75.1], ["large businesses", 3.0, 80.0]]}
    relabel_sample(ws, "es")
    saved = ws.settings["indicators.scenarios"]
    assert saved["default"] == in_language(default, "es").to_json(orient="split")
    assert saved["rows"] == [["pequeñas empresas", 60.0, 75.1], ["grandes empresas", 3.0, 80.0]]


def _own_workspace_with_english_phases():
    ws = cs.own_data_workspace("mi clínica")
    responses = sample_workspace("en").get("journey_responses").head(20).copy()
    ws.put("journey_responses", responses, "mis_datos.csv")
    return ws, responses


def test_a_users_own_texts_are_never_translated():
    """A workspace of her own data holding the sample's English phase names keeps them as written."""
    ws, responses = _own_workspace_with_english_phases()
    assert not relabel_sample(ws, "es")
    pd.testing.assert_frame_equal(ws.get("journey_responses"), responses)
    at = run_page("journey", "es", ws)
    assert not at.exception
    assert at.session_state["workspace"].get("journey_responses") is responses
    assert "Portfolio maintenance" in at.session_state["journey.marked"] or \
        "Portfolio maintenance" in vj_phases(at.session_state["workspace"])


def vj_phases(ws):
    return importlib.import_module("core.views.journey").compute(ws).phases


def test_a_users_phase_names_are_shown_as_written():
    ws, _ = _own_workspace_with_english_phases()
    at = run_page("journey", "es", ws)
    assert "Portfolio maintenance" in at.multiselect(key="journey.marked").options


def test_the_sample_in_the_session_follows_the_language_of_the_page():
    """ui.state.workspace: an English sample workspace shown in Spanish is relabelled; switching to
    English turns it back, and the journey page's widgets redraw with the English phase names."""
    ws = sample_workspace("en")
    at = run_page("journey", "es", ws)
    assert not at.exception
    marked = at.multiselect(key="journey.marked")
    assert "Solicitud y contrato" in marked.options and "Application and contract" not in marked.options
    assert set(marked.value) == {"Solicitud y contrato", "Uso del producto", "Mantenimiento de la relación",
                                 "Factura y pago"}
    assert ws.source("journey_map") == SAMPLE and sample_language(ws) == "es"
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    marked = at.multiselect(key="journey.marked")
    assert "Application and contract" in marked.options and "Solicitud y contrato" not in marked.options
    assert "Application and contract" in marked.value
    assert sample_language(at.session_state["workspace"]) == "en"


def test_the_call_centre_blueprint_case_follows_the_sample_language():
    vbp = importlib.import_module("core.views.blueprint")
    ws = sample_workspace("es")
    ws.settings[vbp.CASE.key] = vbp.CALLCENTRE
    result = vbp.compute(ws)
    assert result.case == vbp.CALLCENTRE
    assert list(result.comparison.by_step.index) == ["Front + Coordinación", "Seguimiento"]
