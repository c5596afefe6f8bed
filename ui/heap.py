"""Long-lived objects of the server process out of the garbage collector's way.

Streamlit runs every session's page in one Python process. With ``runner.postScriptGC`` off
(.streamlit/config.toml), Python's own generational collector still runs full collections as
allocations pile up, and each walks every tracked object: after the imports of pandas, plotly, scipy
and the views, some 200,000 of them, a pause of 100-250 ms in the middle of somebody's click
(AppTest, nine pages open in one process: slowest staffing rerun 391 -> 160 ms, indicators 394 -> 122 ms).
``gc.freeze()`` moves the objects alive at that moment into a permanent generation the collector
skips. It is done once per page and process, after that page's first complete run (its modules are
imported then); what sessions create later is collected as usual, and objects freed by reference
counting are freed whether frozen or not.
"""
from __future__ import annotations

import gc
import threading

_SETTLED: set[str] = set()
_LOCK = threading.Lock()


def settle_after_first_run(page: str) -> bool:
    """Freeze what is alive now, the first time ``page`` has run in this process (True then)."""
    with _LOCK:
        if page in _SETTLED:
            return False
        _SETTLED.add(page)
        gc.collect()      # cyclic garbage of this run first: it must not become permanent
        gc.freeze()
        return True
