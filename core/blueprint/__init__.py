"""Service blueprints as data: read, validate, edit, compare, and link changes to pain points.

A service blueprint (Shostack 1984; Bitner, Ostrom & Morgan 2008, "Service blueprinting: a
practical technique for service innovation", California Management Review 50(3)) maps a service
as columns of *steps* (moments of truth, in seed 000's Tables 1 and 4) across horizontal *lanes*:

    physical evidence
    customer actions
    ----------------- line of interaction
    onstage (server) actions
    ----------------- line of visibility
    backstage (internal) actions
    ----------------- line of internal interaction
    support processes

Every cell holds free text; items inside a cell are separated by "; " (the convention of the
sample files transcribed from the seeds). A step may carry measures: its time and its wait in
seconds, a failure point (free text: what goes wrong there; empty = none) and an owner, and may
be linked to one or more journey-map phases, so that a changed step can be traced to the pain
points of the journey (a phase marked ``pain_moment`` in the journey map).

Tables come in three shapes, all converted to the same :class:`Blueprint`:

- wide by step (the sample's shape): one row per step, one column per lane (+ measures);
- wide by lane (the seeds' printed shape): one row per lane, one column per step;
- long: one row per (step, lane, text).

Nothing here reads a file; the page hands over DataFrames that came through ``core.intake``.
"""
from __future__ import annotations

from core.blueprint.compare import (  # noqa: F401
    STATUSES,
    Comparison,
    _cell_status,
    _diff_row,
    compare,
    infer_step_map,
)
from core.blueprint.display import (  # noqa: F401
    display_lines,
    hover_text,
    phase_links_table,
    plot_text,
)
from core.blueprint.editing import SIDES, EditSession  # noqa: F401
from core.blueprint.links import (  # noqa: F401
    _truthy,
    link_pain_points,
    measures_table,
    pain_phases,
    suggest_phase_links,
    unaddressed_pain_points,
)
from core.blueprint.model import (  # noqa: F401
    _LANE_BY_ALIAS,
    _MARKUP,
    _MEASURE_BY_ALIAS,
    _META_BY_ALIAS,
    _MINUTES_BY_ALIAS,
    ITEM_SEPARATOR,
    LANE_ALIASES,
    LANES,
    LINE_ALIASES,
    LINES,
    LONG_ALIASES,
    LONG_CELL_CHARS,
    MEASURE_ALIASES,
    MEASURES,
    META,
    META_ALIASES,
    MINUTE_ALIASES,
    Blueprint,
    BlueprintError,
    Problem,
    Step,
    _alias_table,
    _classify_header,
    _number_text,
    canonical_lane,
    clean_text,
    lane_suggestions,
    phase_links_mapping,
    split_items,
)
from core.blueprint.reading import (  # noqa: F401
    _column_holds_lanes,
    _extra_text,
    _header_columns,
    _parse_seconds,
    _step_from_row,
    cell_warnings,
    detect_shape,
    from_long,
    from_wide_by_lane,
    from_wide_by_step,
    read_blueprint,
)
