"""Plotly figures as PNG or SVG images, rendered on the server by kaleido 1.x in headless Chromium.

Kaleido 1.x draws a figure with plotly.js inside an installed Chrome/Chromium (Debian's
``chromium`` package here; ``BROWSER_PATH`` chooses another). Starting the browser costs seconds
(8-25 s measured on a loaded 2-core machine), a figure then about 0.4-1 s, so one renderer is
started on first use and kept: a background thread holds one asyncio loop and one open
``kaleido.Kaleido`` with two tabs, and every call (a download button's, the deck's batch) is
queued on it. ``figure_images`` renders a batch on the renderer's tabs at once.

The app runs without kaleido or Chromium: every function here then raises
``ImageExportUnavailable`` with a reason code (``REASONS``) that the UI translates
(``deck.image.<reason>`` in core/locales/deck.toml); ``unavailable_reason()`` tells beforehand,
cheaply, without starting anything. plotly.js comes from the plotly package (no CDN) and MathJax
is off, so nothing is fetched from the network.
"""
from __future__ import annotations

import asyncio
import atexit
import importlib.util
import os
import shutil
import threading

FORMATS = ("png", "svg")
REASONS = ("kaleido_missing", "chromium_missing", "render_failed")
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1100, 600     # CSS pixels, when neither the call nor the figure says
RENDER_TIMEOUT_S = 60.0                       # one figure
START_TIMEOUT_S = 90.0                        # starting Chromium on a loaded machine
TABS = 2                                      # figures rendered at once (the machine has 2 cores)
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


class ImageExportUnavailable(RuntimeError):
    """Figures cannot be rendered here. ``reason`` is one of ``REASONS``: "kaleido_missing" (the
    package is not installed), "chromium_missing" (no browser found), "render_failed" (the browser
    failed or timed out); ``detail`` is the technical message, for logs only."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def browser_path() -> str | None:
    """The Chrome/Chromium executable kaleido will use: ``$BROWSER_PATH`` when set (None if that is
    not an executable file), else the first of ``BROWSER_NAMES`` on the PATH."""
    wanted = os.environ.get("BROWSER_PATH")
    if wanted:
        return wanted if os.path.isfile(wanted) and os.access(wanted, os.X_OK) else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def unavailable_reason() -> str | None:
    """Why images cannot be rendered ("kaleido_missing", "chromium_missing"), or None when kaleido
    and a browser are installed. Cheap: starts nothing."""
    if importlib.util.find_spec("kaleido") is None:
        return "kaleido_missing"
    if browser_path() is None:
        return "chromium_missing"
    return None


def _options(fig, fmt: str, width: int | None, height: int | None, scale: float) -> dict:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    layout = fig.layout
    return {"format": fmt, "scale": float(scale),
            "width": int(width or layout.width or DEFAULT_WIDTH),
            "height": int(height or layout.height or DEFAULT_HEIGHT)}


class _Renderer:
    """One Chromium (via kaleido) on a background event loop, opened on first use and reused."""

    def __init__(self):
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None

    def _start(self):
        import kaleido  # noqa: PLC0415 - optional: the app runs without it

        path = browser_path()
        if path is None:
            raise ImageExportUnavailable("chromium_missing")
        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="figure-images", daemon=True).start()

        async def open_browser():
            return await kaleido.Kaleido(n=TABS, mathjax=False, path=path, timeout=RENDER_TIMEOUT_S)

        try:
            self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(START_TIMEOUT_S)
        except BaseException:
            loop.call_soon_threadsafe(loop.stop)
            raise
        self._loop = loop

    def render(self, figs, opts: list[dict]) -> list[bytes]:
        with self._lock:
            if self._kaleido is None:
                self._start()
            loop, k = self._loop, self._kaleido

        async def batch():
            return await asyncio.gather(*(k.calc_fig(f, opts=o) for f, o in zip(figs, opts)))

        future = asyncio.run_coroutine_threadsafe(batch(), loop)
        return list(future.result(RENDER_TIMEOUT_S * max(1, len(figs))))

    def close(self):
        with self._lock:
            loop, k = self._loop, self._kaleido
            self._loop = self._kaleido = None
        if loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(k.close(), loop).result(30)
        except Exception:  # noqa: BLE001 - a browser that died is closed already
            pass
        loop.call_soon_threadsafe(loop.stop)


_RENDERER = _Renderer()
atexit.register(_RENDERER.close)


def figure_images(figs, fmt: str = "png", width: int | None = None, height: int | None = None,
                  scale: float = 1.0) -> list[bytes]:
    """The figures rendered as ``fmt`` ("png" or "svg") images, in order, in one batch on the shared
    renderer. ``width``/``height`` in CSS pixels (default: the figure's layout, else 1100 x 600);
    ``scale`` multiplies the pixels of a PNG (2 = sharp on a projector). Raises
    ImageExportUnavailable when kaleido or Chromium is missing or the browser fails."""
    figs = list(figs)
    if not figs:
        return []
    opts = [_options(f, fmt, width, height, scale) for f in figs]
    reason = unavailable_reason()
    if reason:
        raise ImageExportUnavailable(reason)
    try:
        return _RENDERER.render(figs, opts)
    except ImageExportUnavailable:
        raise
    except Exception as err:  # noqa: BLE001 - kaleido/choreographer errors, timeouts, a dead browser
        _RENDERER.close()     # the next call starts a fresh browser
        reason = "chromium_missing" if type(err).__name__ == "ChromeNotFoundError" else "render_failed"
        raise ImageExportUnavailable(reason, f"{type(err).__name__}: {err}") from err


def figure_image(fig, fmt: str = "png", width: int | None = None, height: int | None = None,
                 scale: float = 1.0) -> bytes:
    """One figure as PNG or SVG bytes (see ``figure_images``)."""
    return figure_images([fig], fmt, width, height, scale)[0]


def close_renderer() -> None:
    """Stop the shared browser (it restarts on the next call); for tests and shutdown."""
    _RENDERER.close()
