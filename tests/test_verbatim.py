"""core.verbatim: causes of the seed's customer voice, Pareto counts, escaping of markup."""
import pandas as pd
import pytest

from core import verbatim as v
from core import verbatim as vb


@pytest.mark.parametrize("comment, cause", [
    # seed 000 Table 2 customer voice, as printed
    ("Telephone communication difficulty", "telephone"),
    ("Inadequate administrative staff attitude", "staff_attitude"),
    ("Delay in medical appointment", "appointment_delay"),
    ("Inconveniences with emergency service", "emergency"),
    ("cancellation of appointments", "appointment_delay"),
    ("Bad attitude of the server", "staff_attitude"),
    ("incorrect charge", "billing"),
    # seed 000 sec. 4.1 and 4.3 pains, in Spanish
    ("El programa no tiene cobertura suficiente", "coverage"),
    ("Me negaron la orden del examen", "denied_orders"),
    ("No hay citas disponibles", "appointment_delay"),
    ("Llamé varias veces y nadie contesta", "telephone"),
    ("Problemas en URGENCIAS", "emergency"),
    ("Me cobraron dos veces la cuota", "billing"),
])
def test_seed_voice_maps_to_its_cause(comment, cause):
    assert v.classify(comment) == [cause]


def test_several_causes_and_no_cause():
    assert v.classify("Me negaron la autorización y no contestan el teléfono") == ["telephone", "denied_orders"]
    assert v.classify("Felicitaciones al equipo") == ["other"]  # "cita" only at a word start
    assert v.classify("   ") == []
    assert v.classify(None) == []


def test_classify_comments_and_pareto_counts_mentions():
    df = pd.DataFrame({"phase": ["A"] * 6,
                       "comment": ["no contestan el teléfono", "llamé y nadie contesta", "cobro incorrecto",
                                   "cobertura insuficiente y cobro alto", "", "todo bien"]})
    c = v.classify_comments(df)
    assert len(c) == 6  # 5 comments, one with two causes; blank left out
    p = v.pareto(c, top=5)
    # mentions: telephone 2, billing 2, coverage 1, other 1 -> 6; ties in dictionary order
    assert p["cause"].tolist() == ["telephone", "billing", "coverage", "other"]
    assert p["count"].tolist() == [2, 2, 1, 1]
    assert p["share"].tolist() == pytest.approx([2 / 6, 2 / 6, 1 / 6, 1 / 6])
    assert p["cumulative"].iloc[-1] == pytest.approx(1.0)
    top2 = v.pareto(c, top=2, include_other=False)
    assert top2["cumulative"].tolist() == pytest.approx([0.4, 0.8])  # of 5 known mentions


def test_edited_dictionary_changes_classification():
    table = v.dictionary_to_table()
    assert v.dictionary_from_table(table) == v.DEFAULT_CAUSES
    table.loc[len(table)] = ["parking", "parqueadero; parking"]
    d = v.dictionary_from_table(table)
    assert v.classify("No hay parqueadero", d) == ["parking"]
    assert v.classify("No hay parqueadero") == ["other"]


def test_plain_text_escapes_markup():
    assert v.plain_text("<script>alert('x')</script>") == "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    assert v.plain_text('<img src=x onerror="1">') == "&lt;img src=x onerror=&quot;1&quot;&gt;"
    assert v.plain_text(None) == ""


def test_unhappy_comments_are_the_non_promoters():
    causes = pd.DataFrame({"phase": ["A"] * 4, "comment": ["a", "b", "c", "d"], "recommend": [8, 9, 0, None],
                           "cause": ["other"] * 4})
    assert vb.unhappy(causes)["comment"].tolist() == ["a", "c"]   # 8 and 0; 9 is a promoter; blank left out


def test_comments_by_response_and_top_causes():
    causes = pd.DataFrame({"phase": ["A", "A", "A", "B"], "comment": ["x", "x", "y", "z"],
                           "recommend": [3, 3, 5, 9], "cause": ["telephone", "billing", "telephone", "other"]})
    grouped = vb.comments_by_response(causes)
    assert grouped["causes"].tolist() == [("telephone", "billing"), ("telephone",), ("other",)]
    assert vb.top_causes(causes, ["A", "B"]) == {"A": [("telephone", 2), ("billing", 1)], "B": []}


def test_dictionary_from_setting_reads_the_editors_rows_and_refuses_garbage():
    saved = {"default": "...", "rows": [["espera", "demora; cola"], [None, "x"], ["bad"]]}
    assert vb.dictionary_from_setting(saved) == {"espera": ["demora", "cola"]}
    assert vb.dictionary_from_setting("garbage") == vb.DEFAULT_CAUSES
    assert vb.dictionary_from_setting({"rows": []}) == vb.DEFAULT_CAUSES
