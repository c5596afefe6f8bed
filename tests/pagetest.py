"""Running one page under AppTest on the sample case or a given workspace (shared by page tests)."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.schemas import SCHEMAS
from ui.upload import open_key

PAGES = Path(__file__).resolve().parent.parent / "app_pages"


def run_page(page: str, lang: str = "en", ws=None, timeout: float = 60, open_uploads: bool = True) -> AppTest:
    """Run app_pages/<page>.py once in ``lang``, with ``ws`` as the session's workspace if given
    (otherwise the page loads the sample case itself). ``open_uploads``: every upload box open, as
    after a click on its title (a closed one draws no uploader: ui.upload.upload_box)."""
    at = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=timeout)
    at.session_state["lang"] = lang
    if open_uploads:
        open_upload_boxes(at)
    if ws is not None:
        at.session_state["workspace"] = ws
    return at.run()


def open_upload_boxes(at: AppTest) -> AppTest:
    """Every upload box open, as after a click on its title (a closed box draws no uploader)."""
    for name in SCHEMAS:
        at.session_state[open_key(name)] = True
    return at
