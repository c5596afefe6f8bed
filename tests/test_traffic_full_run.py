"""Kill tests for the survivors of the second full mutation run of core/traffic.py (issue 20,
docs/MUTATION.md): 1,016 mutants on the code of 30 November 2026, 61 survivors.

Expected values are worked out by hand in the comments, never with the function under test.
"""
import pandas as pd
import pytest

from core import traffic


# ----------------------------------------------------------------------------- full run (1,016 mutants)
# full run
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
