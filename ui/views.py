"""The one place a page asks for its view model: ``view_result(view_module, ws, *args)``.

Pages call this instead of ``view_module.compute(ws, ...)`` so that how results are computed
(cached by their inputs, for speed: issue 16) is decided here once, not on every page.
"""


def view_result(view_module, ws, *args):
    """The view module's ``compute(ws, *args)`` result for workspace ``ws``."""
    return view_module.compute(ws, *args)
