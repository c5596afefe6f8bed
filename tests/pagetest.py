"""Running one page under AppTest on the sample case or a given workspace (shared by page tests)."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parent.parent / "app_pages"


def run_page(page: str, lang: str = "en", ws=None, timeout: float = 60) -> AppTest:
    """Run app_pages/<page>.py once in ``lang``, with ``ws`` as the session's workspace if given
    (otherwise the page loads the sample case itself)."""
    at = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=timeout)
    at.session_state["lang"] = lang
    if ws is not None:
        at.session_state["workspace"] = ws
    return at.run()
