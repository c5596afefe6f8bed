"""Generate the synthetic SERVQUAL respondents of the sample case (fixed seed).

Seed 000 (prepaid medicine, Cartagena) surveyed 371 users but publishes only the dimension
means (its Table 3, in ../shared/sample/servqual_summary.csv) and an overall Cronbach's alpha of
0.82. This script writes respondent-level answers that reproduce that table:

- 371 respondents, E1..E22 and P1..P22 on 1-5, standard 22-item mapping (DESIGN.md);
- a few blank answers (one per affected respondent and dimension), placed so that the number of
  respondents complete on each dimension makes Table 3's two-decimal means *exact* when computed
  the DESIGN.md way (mean over complete respondents of the mean over the dimension's items):
  tangibles, responsiveness, assurance n = 350, reliability n = 370, empathy n = 360;
- answers from a latent model (a respondent factor plus a dimension factor plus noise, cut into
  1..5), the cut points shifted so that each dimension's total hits its target, giving an overall
  perception alpha near 0.82;
- a company-size segment as in seed 001 Table VI (small 58 %, medium 39 %, large 3 % of 371);
- W_<dimension> importance points summing to 100 per respondent (Dirichlet around the average
  weights reported by Zeithaml, Parasuraman & Berry 1990: reliability first, tangibles last).

Run from the repository root: ``.venv/bin/python sample_data/make_servqual.py``. It also writes
servqual_design.csv (seed 000's "experience design": 5 on every dimension).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20250005
N = 371
HERE = Path(__file__).parent

# Seed 000 Table 3 (../shared/sample/servqual_summary.csv), standard dimension names.
TABLE3 = {
    #               expectation, perception, design
    "tangibles": (4.46, 3.87, 5.0),
    "reliability": (4.46, 3.96, 5.0),
    "assurance": (4.50, 4.24, 5.0),
    "responsiveness": (4.37, 4.20, 5.0),
    "empathy": (4.44, 4.21, 5.0),
}
ITEMS = {  # Parasuraman, Zeithaml & Berry (1988)
    "tangibles": range(1, 5),
    "reliability": range(5, 10),
    "responsiveness": range(10, 14),
    "assurance": range(14, 18),
    "empathy": range(18, 23),
}
# Respondents complete on each dimension: the smallest n <= 371 for which mean * k * n is a whole
# number for both E and P (see the module docstring), leaving a plausible handful of blanks.
COMPLETE_N = {"tangibles": 350, "reliability": 370, "responsiveness": 350, "assurance": 350, "empathy": 360}
SEGMENTS = {"small": 215, "medium": 145, "large": 11}      # 58 % / 39 % / 3 % of 371
SEGMENT_SHIFT = {"small": 0.0, "medium": -0.15, "large": 0.2}  # latent perception shift
IMPORTANCE = {"tangibles": 11, "reliability": 32, "responsiveness": 22, "assurance": 19, "empathy": 16}

# Latent loadings, tuned so that the overall perception alpha is about 0.82.
GENERAL, SPECIFIC, NOISE = 0.52, 0.45, 0.92


def _cut(latent: np.ndarray, total: int) -> np.ndarray:
    """Integers 1..5 from a latent matrix whose sum is exactly ``total``: shift the latent by the
    constant that brings the rounded sum closest, then move the cells nearest a cut point."""
    lo, hi = -10.0, 10.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if np.clip(np.rint(latent + mid), 1, 5).sum() < total:
            lo = mid
        else:
            hi = mid
    y = latent + hi
    x = np.clip(np.rint(y), 1, 5)
    residual = int(total - x.sum())
    frac = (y - x).ravel()
    flat = x.ravel()
    if residual > 0:
        order = [i for i in np.argsort(-frac) if flat[i] < 5][:residual]
        flat[order] += 1
    elif residual < 0:
        order = [i for i in np.argsort(frac) if flat[i] > 1][:-residual]
        flat[order] -= 1
    x = flat.reshape(x.shape)
    assert x.sum() == total and x.min() >= 1 and x.max() <= 5
    return x.astype(int)


def make(seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    segment = np.array([s for s, count in SEGMENTS.items() for _ in range(count)], dtype=object)
    rng.shuffle(segment)
    shift = np.array([SEGMENT_SHIFT[s] for s in segment])
    general_p = rng.normal(size=N)
    general_e = 0.35 * general_p + np.sqrt(1 - 0.35 ** 2) * rng.normal(size=N)

    answers: dict[str, np.ndarray] = {}
    for dim, items in ITEMS.items():
        k = len(items)
        n_complete = COMPLETE_N[dim]
        incomplete = rng.choice(N, size=N - n_complete, replace=False)
        complete = np.setdiff1d(np.arange(N), incomplete)
        e_mean, p_mean, _ = TABLE3[dim]
        blocks = {}
        for side, general, mean, extra in (("E", general_e, e_mean, 0.0), ("P", general_p, p_mean, shift)):
            specific = rng.normal(size=N)
            latent = (mean + (GENERAL * general + extra)[:, None] + SPECIFIC * specific[:, None]
                      + NOISE * rng.normal(size=(N, k)))
            values = np.empty((N, k), dtype=float)
            # The complete respondents carry the exact total; the others are cut with the same
            # shift (their blanks are placed below).
            total = round(mean * k * n_complete)
            values[complete] = _cut(latent[complete], total)
            values[incomplete] = _cut(latent[incomplete], round(mean * k * len(incomplete)))
            blocks[side] = values
        # One blank per incomplete respondent, on a random item, E or P.
        for r in incomplete:
            side = "E" if rng.random() < 0.5 else "P"
            blocks[side][r, rng.integers(k)] = np.nan
        for side in ("E", "P"):
            for j, number in enumerate(items):
                answers[f"{side}{number}"] = blocks[side][:, j]

    weights = rng.dirichlet(np.array(list(IMPORTANCE.values()), dtype=float) * 0.6, size=N) * 100
    points = np.floor(weights).astype(int)
    remainder = 100 - points.sum(axis=1)
    order = np.argsort(-(weights - points), axis=1)
    for r in range(N):
        points[r, order[r, :remainder[r]]] += 1

    survey = pd.DataFrame({"respondent": [f"R{r + 1:03d}" for r in range(N)], "segment": segment})
    for side in ("E", "P"):
        for number in range(1, 23):
            survey[f"{side}{number}"] = pd.array(answers[f"{side}{number}"], dtype="Int64")
    for j, dim in enumerate(IMPORTANCE):
        survey[f"W_{dim}"] = points[:, j]
    design = pd.DataFrame({"dimension": list(TABLE3), "design": [v[2] for v in TABLE3.values()]})
    return survey, design


def main() -> None:
    survey, design = make()
    survey.to_csv(HERE / "servqual_survey.csv", index=False)
    design.to_csv(HERE / "servqual_design.csv", index=False)
    print(f"wrote {len(survey)} respondents to {HERE / 'servqual_survey.csv'}")


if __name__ == "__main__":
    main()
