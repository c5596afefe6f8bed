"""The one place a page draws a Plotly figure: ``show_chart(container, fig, **kwargs)``.

``container`` is ``st`` or a column/tab; keyword arguments go to ``plotly_chart`` (key, width,
on_select...). Keeping every chart behind this seam lets image downloads (PNG/SVG, issue 17)
and presentation sizing be added in one place. Returns what ``plotly_chart`` returns (the
selection event when ``on_select`` is set).
"""


def show_chart(container, fig, **kwargs):
    """Draw ``fig`` in ``container`` (``st``, a column or a tab)."""
    return container.plotly_chart(fig, **kwargs)
