"""SERVQUAL: expectation-perception gaps by dimension and item, reliability, tests, priorities.

Definitions (../shared/DESIGN.md, "SERVQUAL"):

- An answer is a Likert score on 1..scale_max (5 as in seed 000, 7 in the original instrument).
- The gap of a respondent on an item is perception - expectation (P - E), in scale points.
  Negative gaps are shortfalls: the service delivers less than the customer expected.
- A respondent's dimension score is the mean of his or her answers over the dimension's items.
  A dimension is computed on the respondents who answered every E and P item of that dimension
  (pairwise-complete per dimension): one blank removes a respondent from that dimension only,
  never from the whole analysis.
- The unweighted SERVQUAL score is the mean of the dimension gaps; the weighted score weights
  each respondent's dimension gaps by the importance points (100 split over the dimensions)
  the same respondent gave (Zeithaml, Parasuraman & Berry 1990, *Delivering Quality Service*,
  appendix "computing SERVQUAL scores", steps 3-7).
- Standard 22-item mapping (Parasuraman, Zeithaml & Berry 1988, "SERVQUAL: a multiple-item scale
  for measuring consumer perceptions of service quality", J. Retailing 64(1)): tangibles 1-4,
  reliability 5-9, responsiveness 10-13, assurance 14-17, empathy 18-22.

Nothing here imports streamlit. Problems with the input are returned as :class:`Problem`
(a code plus parameters) so the page can say them in the user's language; the strict functions
(:func:`dimension_gaps` and friends) raise :class:`ServqualError`, a ``ValueError`` that carries
the same code and parameters.

The package is split along the seams of the analysis:

- ``core.servqual.prepare``: names, mapping, the shared rules (valid answers, scales, valid
  importance points) and the uploaded table -> :class:`Survey` (:func:`prepare_survey`);
- ``core.servqual.scores``: alpha, dimension and item gaps, overall scores, design gap, IPA;
- ``core.servqual.tests``: paired tests with Holm's correction and the summary facts;
- ``core.servqual.analysis``: :func:`analyse` (everything for one survey or segment).

Every name is re-exported here (``core.servqual.dimension_gaps`` is part of DESIGN.md's contract).
"""
from __future__ import annotations

from core.servqual.prepare import (  # noqa: F401
    DIMENSION_ALIASES, DIMENSIONS, IMPORTANCE_TOLERANCE, IMPORTANCE_TOTAL, SCALES, STANDARD_ITEM_DIMENSION,
    _STANDARD_RANGES, Problem, ServqualError, Survey, _inputs, _listing, _numeric, canonical_dimension,
    infer_scale_max, item_label, item_number, normalise_name, prepare_survey, standard_mapping, valid_answers,
    valid_importance)
from core.servqual.scores import (  # noqa: F401
    QUADRANTS, OverallScores, _alpha, _t_interval, cronbach_alpha, design_gaps, dimension_gaps, gap_share_of_range,
    importance_performance, ipa_crosshairs, item_gaps, mean_of_means_variance, overall_scores, perception_intervals,
    respondent_scores)
from core.servqual.tests import Summary, holm, paired_tests, summary  # noqa: F401
from core.servqual.analysis import Analysis, analyse, gaps_by_segment  # noqa: F401
