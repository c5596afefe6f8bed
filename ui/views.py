"""The one place a page asks for its view model: ``view_result(view_module, ws, *args)``.

Pages call this instead of ``view_module.compute(ws, ...)`` so that how results are computed is
decided here once, not on every page: the result is kept by its inputs (the content of the datasets
the view reads, their sources, the settings it reads, the workspace's name and ``args``) and reused
while none of them changes (ui/cache.py, issue 16). ``derived`` keeps what a page builds from a
result (figures, download bytes) with it.
"""
from core.views import use_stage_runner
from ui.cache import cached_compute, derived, memoize_styled_tables  # noqa: F401  (derived: for the pages)

use_stage_runner(cached_compute)      # a view's stages are kept by their own inputs (core.views.stage)
memoize_styled_tables()


def view_result(view_module, ws, *args):
    """The view module's ``compute(ws, *args)`` result for workspace ``ws`` (cached by its inputs)."""
    return cached_compute(view_module, ws, *args)
