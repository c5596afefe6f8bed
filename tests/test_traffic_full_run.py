"""Kill tests for the survivors of the second full mutation run of core/traffic.py (issue 20,
docs/MUTATION.md): 1,016 mutants on the code of 30 November 2026, 61 survivors.

Expected values are worked out by hand in the comments, never with the function under test.
"""
import pandas as pd
import pytest

from core import traffic


# ----------------------------------------------------------------------------- third full run (966 mutants)
# third full run (core/traffic.py simplified, 966 mutants, 26 survivors, 2.7 %)
# NEW numbering (code after "Traffic: redundant guards removed"). Every diff applied to a scratch copy
# /tmp/trafficthird (pandas 3.1.1, numpy 2.4.6): the 3 traffic test files pass on each, and a differential
# run, real vs mutant, on 60 random traffic tables (counts int/float/fractional/text/objects/Int64, closed
# days, missing intervals, 1-2 queues, blank or 0 AHT where nobody answered) and 100 random CDRs (s/ms/us
# starts, text dates and waits, shuffled, cut in 1-3 blocks) shows no difference unless said (controls:
# `so > 1` and a changed date unit differed in 154 and 99 comparisons). Older blocks: OLD numbering.
# - aggregate_cdr 21, 33: same as old 21, 33 (astype(None) is float64, like astype(float)).
# - aggregate_cdr 70: same as old 70 (starts as float64 ns, off by < 128 ns); on the new code the slots are
#   float64 too (arange has no dtype now): slot x step is an integer < 2^53 x 2^11, exact, same table.
# - check_intervals 4, 21: same as old 4 (gaps are float64 already), 21 (one clock minute for all starts).
# - check_traffic 34, 106: same as old 38, 110 (astype(None) is float64).
# - clock_texts 5, 7, 17, 20: same as old (object array anyway; only dtype object vs str of the Series,
#   and its only caller, interval_profile, turns it into str).
# - estimate_patience 9: same as old 9 (astype(None)).
# - interval_profile 24, 28, 48, 57, 84: same as second run's 24, 28, 48, 57, 84 (first run's 40, 49, 76).
#   48 (fillna(None)) differs only in the LAST BIT for 3+ queue rows of one interval with a blank AHT:
#   pandas' Kahan groupby-sum applies its compensation when adding 0.0, not when skipping NaN (56 of 300
#   random 3-5 queue tables, e.g. 250.27037037037033 vs ...04); no displayed value, no reference decides.
# - interval_profile 188 (`so >= 0` in np.where of abandon_rate), NEW: counts are float64, abandoned <=
#   offered, so a slot without offered calls divides 0.0 by 0.0 = NaN, the value of the other branch
#   (checked with int, float, object and text counts, warnings as errors).
# - sum_partials 6: same as old 6 (a single cdr_partials block has a sorted unique int64 index).
# - week_requirements 5, 9, 33: same as old 5, second run's 9, old 33 (placeholder AHT of a 0-call slot;
#   even 0.0 there gives the same table).
# - weighted_aht 5, 31, 32: same as old (astype(None); a blank count fails n > 0 anyway).
# - weighted_aht 36 (`n >= 0`): NOT equivalent in the last bit: the 0-call rows put zeros into the
#   pairwise float sum (12 differences in the run). Killed below (closed night intervals change nothing).
# Gone with the code removed (second run's numbers): check_traffic 13, 15 (rows' dtype=bool);
# _gaps_minutes 7 (gaps > 0 filter); interval_profile 163, 165, 166, 168 and 199, 201, 202, 204 (the
# sn/so.where(.., 1) divisors); aggregate_cdr 76, 79 and estimate_patience 23, 24 (fillna(False)); _micros
# 7, 8 (nan=0.0); cdr_partials 22, 24, 26 (kind="stable"), 81, 86 (empty-block branch); _ratio 2, 4
# (dtype=float); interval_table 8, 11 (arange dtype), 33, 35, 40, 41 (DatetimeIndex name), 44, 49, 54
# (to_numpy(np.int64)). interval_table 36 (astype(None) inside the DatetimeIndex, dropped) is now
# interval_table 30, a float column: killed. 34 in all (33 removed, 1 killed).


def test_closed_night_intervals_do_not_change_the_weighted_aht():
    # An ACD export of a whole day, 30-minute intervals: the clinic's line is closed 00:00-06:30 and
    # 19:00-23:30, and the export writes 0 answered calls with AHT 0 there. Those intervals have no call:
    # the weighted AHT must be the one of the 24 open intervals, bit for bit (weighted_aht 36 let their
    # zeros into the float sum and moved its last bit: 240.58516129032256).
    # Hand calculation: sum(answered) = 310; sum(AHT x answered) = 74,581.4 s -> 74,581.4 / 310 = 240.58516...
    answered = [10, 14, 15, 7, 9, 25, 4, 5, 7, 10, 19, 9, 15, 23, 3, 17, 18, 17, 15, 18, 21, 9, 15, 5]
    aht = [237.3, 286.6, 276.2, 243.6, 235.4, 314.0, 280.7, 269.3, 167.5, 296.6, 219.5, 299.3, 169.4, 160.4,
           192.2, 165.5, 312.6, 243.0, 187.4, 295.5, 259.2, 247.1, 156.7, 276.3]
    day = pd.DataFrame({"interval_start": pd.date_range("2024-03-04 00:00", periods=48, freq="30min"),
                        "offered": [0] * 14 + answered + [0] * 10, "answered": [0] * 14 + answered + [0] * 10,
                        "aht_s": [0.0] * 14 + aht + [0.0] * 10})
    open_only = day.iloc[14:38].reset_index(drop=True)
    assert sum(answered) == 310
    assert traffic.weighted_aht(open_only) == pytest.approx(74581.4 / 310, rel=1e-12)
    assert traffic.weighted_aht(day) == traffic.weighted_aht(open_only)


# ----------------------------------------------------------------------------- full run (1,016 mutants)
# full run (old numbering, code before the simplification)
# 61 survivors. Killed below: 2 (interval_profile 18, 19). The other 59 are equivalent:
# - 54 are the mutants already explained in the "# full run" block of tests/test_kill_traffic.py (same
#   diff; only interval_profile's numbers moved by 8, after the loop that reads counts as numbers was added
#   there): _gaps_minutes 7; _micros 7, 8; _ratio 2, 4; aggregate_cdr 21, 33, 70, 76, 79; cdr_partials 22,
#   24, 26, 81, 86; check_intervals 4, 21; check_traffic 13, 15, 38, 110; clock_texts 5, 7, 17, 20;
#   estimate_patience 9, 23, 24; interval_table 8, 11, 33, 35, 36, 40, 41, 44, 49, 54; sum_partials 6;
#   week_requirements 5, 33; weighted_aht 5, 31, 32, 36; interval_profile 163, 165, 168 (were 155, 157,
#   160), 199, 201, 204 (were 191, 193, 196), 48 (was 40), 57 (was 49), 84 (was 76).
#   (interval_profile 18 and 19 were equivalent on the old code, where nothing read the converted
#   answered column; they are killed below now that the AHT weights are built from it.)
# - 5 newly equivalent, because interval_profile now turns every count column into float64 first
#   (pandas 3.1, numpy 2.4; each checked on a scratch copy /tmp/trafficfull with the mutant applied):
#   interval_profile 166 and 202 (`sn >= 0`, `so >= 0` in the divisor's where): the counts are floats now,
#   so a slot with weight 0 (resp. no offered call, abandoned <= offered) divides 0.0 by 0.0, a float NaN
#   without error that np.where(sn > 0 / so > 0, ...) throws away (on the old code an object column
#   raised ZeroDivisionError: killed then by test_counts_held_as_python_objects_give_the_same_profile...).
#   interval_profile 24 (`.astype(None)` for `.astype(float)`): pandas_dtype(None) is float64, so the
#   int64, Int64 (text read by to_numeric), bool or float64 result of to_numeric becomes float64 alike.
#   interval_profile 28 (to_numeric without errors="coerce"): check_traffic ran the same to_numeric with
#   coerce and refused any cell it turned to NaN, so every cell that gets here parses: no raise, same values.
#   week_requirements 9 (`aht_s.to_numpy(None)`): every profile a caller passes comes from interval_profile,
#   whose aht_s is a float64 column (an int64 one for an int default_aht: isnan and np.where give the same
#   floats); the object column that killed it on the old code can no longer come out of interval_profile.
# Also checked by a differential run, real vs mutant, on 400 random traffic tables (counts as int, float,
# fractional, text and Python objects; closed slots; blank AHT where nobody answered) for the 5 new and the
# 11 renumbered interval_profile/week_requirements ones, and on 300 random CDRs (sorted or not, text dates
# and waits, ms starts, blocks through cdr_partials/sum_partials/interval_table) for the 28 CDR ones: no
# difference, while a real _ratio change differed in 598 comparisons.


def test_profile_aht_with_answered_counts_stored_as_text():
    # An Excel sheet whose "atendidas" column holds numbers stored as text ("8"): check_traffic reads them
    # as numbers, and so must the AHT weights of the profile (interval_profile 18 and 19 left the column
    # as text: float x str, a crash). Two Mondays, 30-minute intervals, answered-weighted AHT:
    # 08:00: answered 8 (AHT 200 s) and 10 (100 s) -> (8 x 200 + 10 x 100) / 18 = 2600 / 18 = 144.444 s
    # 08:30: answered 4 (300 s) and 2 (150 s)      -> (4 x 300 + 2 x 150) / 6  = 1500 / 6  = 250 s
    df = pd.DataFrame({"interval_start": ["2024-03-04 08:00", "2024-03-04 08:30", "2024-03-11 08:00",
                                          "2024-03-11 08:30"],
                       "offered": [9, 5, 12, 2],
                       "answered": pd.Series(["8", "4", "10", "2"], dtype=object),
                       "aht_s": [200.0, 300.0, 100.0, 150.0]})
    prof = traffic.interval_profile(df, minutes=30)
    assert prof["time"].tolist() == ["08:00", "08:30"]
    assert prof["aht_s"].tolist() == pytest.approx([2600.0 / 18.0, 250.0], rel=1e-12)
    # offered 9 and 12 -> mean 10.5 per 30 min = 21 calls/h; 5 and 2 -> 3.5 -> 7 calls/h
    assert prof["arrival_rate"].tolist() == [21.0, 7.0]
