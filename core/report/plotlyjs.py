"""The one copy of plotly.js the HTML report embeds: the small "cartesian" bundle (vendor/) when it
can draw every figure of the report, else the full bundle of the installed plotly package.

The full bundle is 4.8 MB and takes seconds to start in a browser; the report's figures use only
bar, box, heatmap and scatter traces, which the 1.5 MB cartesian bundle holds.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

VENDORED = Path(__file__).parent / "vendor" / "plotly-cartesian.min.js"
CARTESIAN_TRACES = frozenset({"bar", "box", "contour", "heatmap", "histogram", "histogram2d",
                              "histogram2dcontour", "image", "pie", "scatter", "scatterternary", "violin"})


@lru_cache(maxsize=1)
def _vendored() -> tuple[str | None, str | None]:
    """(version, source) of the vendored cartesian bundle, (None, None) when it is missing."""
    if not VENDORED.is_file():
        return None, None
    source = VENDORED.read_text(encoding="utf-8")
    found = re.search(r"plotly\.js \(cartesian - minified\) v(\d+\.\d+\.\d+)", source[:400])
    return (found.group(1), source) if found else (None, None)


def bundle_for(figures) -> tuple[str, str]:
    """("cartesian" or "full", the JavaScript source) for drawing ``figures`` (plotly Figures)."""
    from plotly.offline import get_plotlyjs, get_plotlyjs_version

    version, source = _vendored()
    types = {trace.type or "scatter" for fig in figures for trace in fig.data}
    if source is not None and version == get_plotlyjs_version() and types <= CARTESIAN_TRACES:
        return "cartesian", source
    return "full", get_plotlyjs()
