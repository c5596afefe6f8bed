"""The layering rules of docs/CONVENTIONS.md, checked on the source (issue 19).

- Pages (app_pages/) do no arithmetic on data: every number they show comes from a view model in
  core/views/. Checked as: no arithmetic operator (+ - * / // % **) in a page module, except on
  two string literals or f-strings (text joined for display).
- core/ never imports streamlit.
- No function in core/ is over 80 lines.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "app_pages").glob("*.py"))
CORE = sorted((ROOT / "core").rglob("*.py"))
ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)
MAX_FUNCTION_LINES = 80


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or isinstance(node, ast.Constant) and isinstance(node.value, str)


def arithmetic_in(source: str) -> list[int]:
    """Line numbers of arithmetic operations that are not joining two pieces of literal text."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ARITHMETIC):
            if isinstance(node.op, ast.Add) and (_is_text(node.left) or _is_text(node.right)):
                continue
            lines.append(node.lineno)
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ARITHMETIC):
            lines.append(node.lineno)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and not isinstance(node.operand, ast.Constant):
            lines.append(node.lineno)
    return sorted(set(lines))


def test_the_rule_sees_arithmetic_and_lets_text_through():
    assert arithmetic_in("x = rate * aht / 3600") == [1]
    assert arithmetic_in("y = -res.gap") == [1]
    assert arithmetic_in("n += 1") == [1]
    assert arithmetic_in("s = 'a' + name\nf = f'{x}' + ' '") == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pages_do_no_arithmetic_on_data(page):
    assert arithmetic_in(page.read_text(encoding="utf-8")) == [], f"{page.name}: move the arithmetic to core/views/"


@pytest.mark.parametrize("module", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_never_imports_streamlit(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] == "streamlit" for a in node.names), module
        if isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] != "streamlit", module


@pytest.mark.parametrize("module", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_functions_are_at_most_80_lines(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    long = [(n.name, n.end_lineno - n.lineno + 1) for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == [], f"{module.name}: split {long}"
