"""core.journey: NPS, INS, CES and their margins against hand-worked examples; pain points;
the seed 000 Table 2 summary; the synthetic sample's agreement with Table 2."""
import math
import statistics
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core import journey as j

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


# ----------------------------------------------------------------------------- NPS
def test_nps_docstring_example():
    # promoters 10, 9 (2/4); passive 8; detractor 3 (1/4): 100 * (0.5 - 0.25) = 25
    assert j.nps([10, 9, 8, 3]) == pytest.approx(25.0)


def test_nps_detail_hand_worked_margin():
    # 5 promoters (10,10,10,9,9), 2 passives (8,7), 3 detractors (6,5,0), n = 10
    # NPS = 100 * (0.5 - 0.3) = 20
    # Var(X) = p + d - (p - d)^2 = 0.5 + 0.3 - 0.04 = 0.76
    # MoE = 1.96 * 100 * sqrt(0.76 / 10) = 1.959964 * 27.5681 = 54.0325
    r = j.nps_detail([10, 10, 10, 9, 8, 7, 6, 5, 0, 9])
    assert r.nps == pytest.approx(20.0)
    assert (r.promoters, r.passives, r.detractors, r.n) == pytest.approx((0.5, 0.2, 0.3, 10))
    assert r.moe == pytest.approx(1.959964 * 100 * math.sqrt(0.076), rel=1e-6)
    assert r.moe == pytest.approx(54.0325, abs=1e-3)


def test_nps_margin_equals_population_sd_of_plus_minus_coding():
    # independent route: code +1/0/-1, population SD via statistics.pstdev
    scores = [10, 9, 9, 7, 3, 0, 8, 10, 6, 9, 2, 10]
    coded = [1 if s >= 9 else -1 if s <= 6 else 0 for s in scores]
    r = j.nps_detail(scores)
    assert r.nps == pytest.approx(100 * statistics.fmean(coded))
    assert r.moe == pytest.approx(1.959964 * 100 * statistics.pstdev(coded) / math.sqrt(len(coded)), rel=1e-6)


def test_nps_ignores_blanks_and_rejects_out_of_scale_with_position():
    assert j.nps([10, None, float("nan"), 0]) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="position 2"):
        j.nps([5, 11, 3])
    with pytest.raises(j.JourneyDataError) as e:
        j.nps([5, "abc"])
    assert e.value.key == "not_a_number"


def test_nps_of_no_answers_is_nan():
    r = j.nps_detail([])
    assert r.n == 0 and math.isnan(r.nps) and math.isnan(r.moe)


# ----------------------------------------------------------------------------- INS, CES
def test_ins_top2_box_and_mean_with_margins():
    # [5,4,3,2,1,5]: top-2-box 3/6 = 50 %; Wald MoE = 1.96*sqrt(.25/6) = 40.01 points
    # mean 20/6 = 3.3333; sd (n-1) = 1.6330; t(0.975, 5) = 2.570582 -> 1.7138
    r = j.ins([5, 4, 3, 2, 1, 5])
    assert r.pct == pytest.approx(50.0)
    assert r.moe == pytest.approx(1.959964 * 100 * math.sqrt(0.25 / 6), rel=1e-6)
    assert r.mean == pytest.approx(20 / 6)
    sd = statistics.stdev([5, 4, 3, 2, 1, 5])
    assert r.mean_moe == pytest.approx(2.570582 * sd / math.sqrt(6), rel=1e-5)
    assert r.n == 6


def test_ces_high_effort_share():
    # 1-3 = high effort: 3 of 8 = 37.5 %; MoE = 1.96*sqrt(.375*.625/8) = 33.55 points; mean 35/8
    r = j.ces([1, 2, 3, 4, 5, 6, 7, 7])
    assert r.pct == pytest.approx(37.5)
    assert r.moe == pytest.approx(33.547, abs=1e-3)
    assert r.mean == pytest.approx(35 / 8)


def test_ins_and_ces_reject_values_outside_their_scales():
    with pytest.raises(ValueError):
        j.ins([1, 6])
    with pytest.raises(ValueError):
        j.ces([0, 3])


# ----------------------------------------------------------------------------- comparison
def test_compare_nps_hand_worked_z_test():
    # before: 50 P, 30 passives, 20 D -> NPS 30, Var = .7 - .09 = .61
    # after:  60 P, 30 passives, 10 D -> NPS 50, Var = .7 - .25 = .45
    # SE = 100 * sqrt(.61/100 + .45/100) = 10.2956; z = 20 / 10.2956 = 1.9426; p = 0.0521
    before = [10] * 50 + [8] * 30 + [3] * 20
    after = [9] * 60 + [7] * 30 + [0] * 10
    c = j.compare_nps(before, after)
    assert c.diff == pytest.approx(20.0)
    assert c.se == pytest.approx(100 * math.sqrt(0.0106), rel=1e-9)
    z = 20 / (100 * math.sqrt(0.0106))
    assert c.z == pytest.approx(z)
    assert c.p_value == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-9)
    assert c.p_value == pytest.approx(0.0521, abs=5e-4)
    assert c.ci_low == pytest.approx(20 - 1.959964 * 10.2956, abs=1e-3)


def test_compare_nps_needs_two_answers_each():
    with pytest.raises(j.JourneyDataError) as e:
        j.compare_nps([10], [9, 9, 9])
    assert e.value.key == "too_few"


# ----------------------------------------------------------------------------- responses
def _responses():
    return pd.DataFrame({
        "phase": ["Discovery", "discovery", "Uso del producto", "Discovry", "Invoice and paymnt", "Xyz"],
        "recommend": [10, 11, 6, 9, 9, 9],
        "satisfaction": [5, 4, 4, 3, 2, 1],
        "effort": [7, 2, 9, 1, 1, 1],
        "comment": ["ok", "", "<b>slow</b>", "", "", ""],
        "date": ["2024-03-05", "2024-03-20", "2024-04-02", "", "", ""],
    })


def test_clean_responses_handles_scale_phase_and_empty_phases():
    # the journey's phases are given (a map with the seed's phases): unknown names are reported
    clean, issues = j.clean_responses(_responses(), j.SEED_PHASES)
    keys = {i.key: i.params for i in issues}
    # "Discovry" -> Discovery; "Invoice and paymnt" -> Invoice and payment (suggested, dropped)
    assert keys["unknown_phase_rows"]["suggestion"] in {"Discovery", "Invoice and payment"}
    unknown = [i.params for i in issues if i.key.startswith("unknown_phase")]
    assert {p["phase"] for p in unknown} == {"Discovry", "Invoice and paymnt", "Xyz"}
    assert {p.get("suggestion") for p in unknown} == {"Discovery", "Invoice and payment", None}
    # out of scale: recommend 11 (row 2), effort 9 (row 3) blanked
    scale = {i.params["column"]: i.params for i in issues if i.key == "scale_rows"}
    assert scale["recommend"]["rows"] == "2" and scale["effort"]["rows"] == "3"
    assert "Maintenance of the relationship" in keys["empty_phases"]["phases"]
    assert "Discovery" not in keys["empty_phases"]["phases"]
    assert len(clean) == 3  # Discovery x2 + Product use (Spanish name)
    assert list(clean["phase"].astype(str)) == ["Discovery", "Discovery", "Product use"]
    assert clean["satisfaction"].tolist() == [5.0, 4.0, 4.0]
    ind = j.phase_indicators(clean).set_index("phase")
    assert ind.loc["Discovery", "nps"] == pytest.approx(100.0)  # one valid answer: 10
    assert ind.loc["Discovery", "n_nps"] == 1
    assert ind.loc["Product use", "nps"] == pytest.approx(-100.0)
    assert ind.loc["Portfolio maintenance", "n"] == 0
    assert math.isnan(ind.loc["Portfolio maintenance", "nps"])


def test_clean_responses_without_phase_column_raises_translatable_error():
    with pytest.raises(j.JourneyDataError) as e:
        j.clean_responses(pd.DataFrame({"recommend": [1]}))
    assert e.value.key == "no_phase_column"


def test_match_phase_suggests_nearest():
    assert j.match_phase("  PRODUCT USE ", j.SEED_PHASES) == "Product use"
    assert j.match_phase("Terminación de la relación", j.SEED_PHASES) == "Termination of the relationship"
    with pytest.raises(j.JourneyDataError) as e:
        j.match_phase("Portfolio maintenence", j.SEED_PHASES)
    assert e.value.params["suggestion"] == "Portfolio maintenance"


def test_monthly_indicators_by_month():
    df = pd.DataFrame({"phase": ["Discovery"] * 5,
                       "recommend": [10, 0, 9, 9, 7],
                       "date": ["2024-03-01", "2024-03-31", "2024-04-01", "2024-04-15", "2024-04-30"]})
    clean, _ = j.clean_responses(df)
    m = j.monthly_indicators(clean)
    assert list(m["month"]) == [pd.Timestamp("2024-03-01"), pd.Timestamp("2024-04-01")]
    assert list(m["nps"]) == pytest.approx([0.0, 100 * 2 / 3])
    assert list(m["n"]) == [2, 3]


# ----------------------------------------------------------------------------- summary table
def _seed_map(decimal_comma=False):
    df = pd.read_csv(SAMPLE / "journey_map.csv")
    if decimal_comma:
        df["ins"] = df["ins"].map(lambda v: f"{v:.1f}".replace(".", ","))
    return df


def test_parse_journey_map_flags_ins_over_5_and_does_not_reparse_text():
    jm, issues = j.parse_journey_map(_seed_map())
    keys = {i.key: i.params for i in issues}
    assert keys["ins_mean_out_of_scale"]["phases"] == ["Discovery", "Portfolio maintenance"]
    assert keys["ins_mean_out_of_scale"]["values"] == [5.1, 5.1]
    assert jm["ins"].tolist() == pytest.approx([5.1, 3.4, 4.7, 3.4, 4.7, 5.1, 4.6])
    assert (jm["ins_kind"] == "mean").all()
    assert jm["true_moment"].tolist() == [True, False, False, False, False, True, True]
    # intake reads decimal commas; a text cell reaching the journey module is refused, not re-parsed
    with pytest.raises(j.JourneyDataError) as e:
        j.parse_journey_map(_seed_map(decimal_comma=True))
    assert e.value.key == "map_not_number" and e.value.params["value"] == "5,1"


def test_parse_journey_map_rejects_nps_out_of_range_and_duplicates():
    bad = _seed_map()
    bad.loc[0, "nps"] = 170
    with pytest.raises(j.JourneyDataError) as e:
        j.parse_journey_map(bad)
    assert e.value.key == "map_out_of_range" and e.value.params["phase"] == "Discovery"
    dup = pd.concat([_seed_map(), _seed_map().iloc[[0]]])
    with pytest.raises(j.JourneyDataError) as e:
        j.parse_journey_map(dup)
    assert e.value.key == "duplicate_phase"


def test_parse_journey_map_percentages_are_top2_box():
    df = _seed_map()
    df["ins"] = [80, 54, 60, 50, 70, 90, 88]
    jm, _ = j.parse_journey_map(df)
    ind = j.map_indicators(jm)
    assert ind["ins_pct"].tolist() == [80, 54, 60, 50, 70, 90, 88]
    assert ind["ins_mean"].isna().all()


def test_seed_consistency_of_table2():
    jm, _ = j.parse_journey_map(_seed_map())
    c = j.seed_consistency(jm)
    # (70 + 58 + 61 + 53 + 71 + 61 + 70) / 7 = 444 / 7 = 63.43, stated 64
    assert c["mean_phase_nps"] == pytest.approx(444 / 7)
    assert c["ins_over_5"] == ["Discovery", "Portfolio maintenance"]
    assert c["ces_constant"] and c["ces_value"] == 22


def test_pain_points_follow_targets():
    jm, _ = j.parse_journey_map(_seed_map())
    ind = j.map_indicators(jm)
    default = j.pain_points(ind)
    assert default["pain"].all()  # every phase NPS < 85
    assert (default["ces_status"] == "met").all()  # 22 <= 40
    lower = j.pain_points(ind, j.Targets(nps_min=60))
    # NPS < 60: Application (58), Maintenance (53); INS mean < 4.25: the same two (3.4)
    assert lower.loc[lower["pain"], "phase"].tolist() == ["Application and contract",
                                                          "Maintenance of the relationship"]
    assert lower.set_index("phase").loc["Application and contract", "missed"] == ["nps", "ins"]
    marked = j.pain_points(ind, j.Targets(nps_min=60), marked=["Product use"])
    assert marked.loc[marked["pain"], "phase"].tolist() == ["Application and contract", "Product use",
                                                            "Maintenance of the relationship"]
    strict_ces = j.pain_points(ind, j.Targets(nps_min=0, ins_mean_min=0, ces_pct_max=20))
    assert strict_ces["pain"].all() and (strict_ces["missed"].map(tuple) == ("ces",)).all()


def test_indicator_status_directions():
    assert j.indicator_status(85, 85, "min") == "met"
    assert j.indicator_status(84.9, 85, "min") == "missed"
    assert j.indicator_status(40, 40, "max") == "met"
    assert j.indicator_status(float("nan"), 40, "max") == "no_data"
    assert j.indicator_status(3, float("nan"), "max") == "no_target"


# ----------------------------------------------------------------------------- sample case
def test_synthetic_responses_reproduce_table2():
    jm, _ = j.parse_journey_map(_seed_map())
    clean, issues = j.clean_responses(pd.read_csv(SAMPLE / "journey_responses.csv"), jm["phase"])
    assert [i for i in issues if i.severity == "warning"] == []
    ind = j.phase_indicators(clean).set_index("phase")
    table = jm.set_index("phase")
    assert ind["nps"].tolist() == table["nps"].tolist()  # exactly as printed
    # INS mean as printed; 5.1 (impossible on 1-5) generated as 5.0
    assert ind["ins_mean"].round(10).tolist() == np.minimum(table["ins"], 5.0).tolist()
    assert (ind["ces_pct"] == 22).all()
    assert (ind["n"] == 100).all()
    overall = j.overall_indicators(clean)
    assert overall["nps"] == pytest.approx(444 / 7)
    months = clean["date"].dt.to_period("M").nunique()
    assert months == 6
    assert set(clean["segment"]) == {"individual", "family", "corporate"}


def test_score_distribution_covers_full_scale():
    df = pd.DataFrame({"phase": ["Discovery"] * 3, "recommend": [10, 10, 0]})
    clean, _ = j.clean_responses(df)
    d = j.score_distribution(clean, "recommend", "Discovery")
    assert d["score"].tolist() == list(range(11))
    assert d.set_index("score")["count"][10] == 2 and d["count"].sum() == 3


# ----------------------------------------------------------------------------- figures
def test_map_figure_cells_follow_status_and_escape_markup():
    from core.figures import journey as fj
    from core.i18n import Translator

    t = Translator("en")
    df = _seed_map()
    df.loc[1, "customer_voice"] = "<script>alert(1)</script>; slow"
    jm, _ = j.parse_journey_map(df)
    ind = j.map_indicators(jm)
    fig = fj.journey_map_figure(jm, ind, j.pain_points(ind, j.Targets(nps_min=60)), j.Targets(nps_min=60), t)
    cells = [s.name for s in fig.layout.shapes if (s.name or "").startswith("cell|nps|")]
    # NPS >= 60 except phases 2 (58) and 4 (53)
    assert cells == ["cell|nps|0|met", "cell|nps|1|missed", "cell|nps|2|met", "cell|nps|3|missed",
                     "cell|nps|4|met", "cell|nps|5|met", "cell|nps|6|met"]
    texts = " ".join(a.text or "" for a in fig.layout.annotations)
    assert "&lt;script&gt;" in texts and "<script" not in texts
    html = fj.report_html(fig, {"t": pd.DataFrame({"comment": ["<b>x</b>"]})}, t)
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html


def test_map_figure_built_without_plotly_checks_passes_them():
    """The map skips plotly's per-property checks for speed (its ~100 shapes and labels are plain
    dicts written in core.figures.journey): rebuilt with the checks on, every property is valid, and
    a misspelt one would be caught here (plotly raises ValueError on an unknown property)."""
    import plotly.graph_objects as go

    from core.figures import journey as fj
    from core.i18n import Translator

    jm, _ = j.parse_journey_map(_seed_map())
    ind = j.map_indicators(jm)
    pains = j.pain_points(ind, j.Targets(nps_min=60))
    for lang in ("es", "en"):
        fig = fj.journey_map_figure(jm, ind, pains, j.Targets(nps_min=60), Translator(lang), selected=jm["phase"][2])
        checked = go.Figure(fig.to_dict())                       # validated: raises on a bad property
        assert len(checked.layout.shapes) == len(fig.layout.shapes) >= 7 * 4
        assert len(checked.layout.annotations) == len(fig.layout.annotations)
        selected = [s for s in checked.layout.shapes if s.name == "header|2"]
        assert selected[0].line.width == 3 and selected[0].fillcolor == "#0B4F4A"
    broken = fig.to_dict()
    broken["layout"]["shapes"][0]["colour"] = "red"
    with pytest.raises(ValueError):
        go.Figure(broken)
