"""Compact letters are the same in every process (core.stats.compact_letter_display): the page, the
report and the deck may be made in different server processes, whose string hashing differs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from core.stats import compact_letter_display

ROOT = Path(__file__).resolve().parent.parent
CASE = """
import json, pandas as pd
from core.stats import compact_letter_display
pairs = pd.DataFrame({"group1": ["Centro", "Centro", "Norte"], "group2": ["Norte", "Sur", "Sur"],
                      "reject": [True, False, False]})
means = pd.Series({"Sur": 6.375, "Centro": 6.05, "Norte": 5.0875})
print(json.dumps(compact_letter_display(pairs, means).to_dict()))
"""


def test_letters_do_not_depend_on_the_process_hash_seed():
    # only Centro and Norte differ: two columns {Sur, Centro} and {Sur, Norte} tie on their best mean
    # (Sur) and size; "a" goes to the one whose other group has the higher mean (Centro 6.05 > Norte)
    seen = set()
    for seed in ("0", "1", "2", "3"):
        out = subprocess.run([sys.executable, "-c", CASE], cwd=ROOT, capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)})
        seen.add(out.stdout.strip())
    assert len(seen) == 1
    assert json.loads(seen.pop()) == {"Sur": "ab", "Centro": "a", "Norte": "b"}


def test_letters_of_a_clear_ranking_by_hand():
    # A > B > C, every pair different: one letter each, "a" for the highest mean
    pairs = pd.DataFrame({"group1": ["A", "A", "B"], "group2": ["B", "C", "C"], "reject": [True, True, True]})
    means = pd.Series({"C": 1.0, "A": 3.0, "B": 2.0})
    assert compact_letter_display(pairs, means).to_dict() == {"A": "a", "B": "b", "C": "c"}
