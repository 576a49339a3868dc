"""The shape of the code, checked as the suite runs: the layer contracts themselves are in
pyproject.toml (`lint-imports`, run by `make test`); these are the rules a contract cannot
express. Each failure names the file and line to change."""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
MAX_CLASS_LINES = 300
MAX_FUNCTION_LINES = 60
SQL = re.compile(
    r"\b(SELECT\b.+\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
    r"CREATE\s+(TABLE|INDEX|VIRTUAL|TRIGGER|VIEW)|PRAGMA\s+\w+)\b",
    re.DOTALL,
)
"""Statements as this code base writes them, keywords in capitals (prose says "select")."""
RUNS_SQL = re.compile(r"\.(execute|executescript|executemany|query)\(")


def _modules(under: Path = APP) -> Iterator[Path]:
    yield from sorted(under.rglob("*.py"))


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


def _long_definitions() -> Iterator[str]:
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if isinstance(node, ast.ClassDef) and length > MAX_CLASS_LINES:
                yield f"{_where(path, node.lineno)} class {node.name}: {length} lines"
            elif (
                not isinstance(node, ast.ClassDef)
                and length > MAX_FUNCTION_LINES
                and "long because" not in (ast.get_docstring(node) or "").lower()
            ):
                yield f"{_where(path, node.lineno)} {node.name}(): {length} lines"


def test_classes_and_functions_stay_short_enough_to_read() -> None:
    """Classes over 300 lines and functions over 60 hold two ideas; a function that must be
    long says why in its docstring ("Long because …")."""
    assert list(_long_definitions()) == []


def _sql_outside_the_store() -> Iterator[str]:
    for path in _modules():
        if path.is_relative_to(APP / "store"):
            continue
        source = path.read_text(encoding="utf-8")
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING and SQL.search(token.string):
                yield f"{_where(path, token.start[0])} SQL text: {token.string[:60]}"
        for number, line in enumerate(source.splitlines(), start=1):
            if RUNS_SQL.search(line) and "re.compile" not in line:
                yield f"{_where(path, number)} runs SQL: {line.strip()}"


def test_only_the_store_holds_sql() -> None:
    """Widgets, services and formats ask the store's functions; none writes a query."""
    assert list(_sql_outside_the_store()) == []


def test_the_sql_check_sees_a_query_and_a_pragma() -> None:
    assert SQL.search("SELECT id FROM items WHERE x = ?")
    assert SQL.search("PRAGMA journal_mode = DELETE")
    assert RUNS_SQL.search('db.execute("VACUUM")')
    assert not SQL.search("Select an item on the timeline or in the list to read it here.")


def test_drawing_needs_no_widgets() -> None:
    """app.drawing paints into images in a headless command: QtGui and QtSvg, never
    QtWidgets (which would need a QApplication)."""
    found = []
    for path in _modules(APP / "drawing"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            found += [_where(path, node.lineno) for n in names if n.startswith("PySide6.QtWidgets")]
    assert found == []


def _loaded_modules(code: str, tmp_path: Path) -> set[str]:
    """The modules a fresh interpreter imports running `code`, from `-X importtime`."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    lines = [line.split("|")[-1] for line in done.stderr.splitlines() if "import time:" in line]
    return {line.strip() for line in lines}


@pytest.mark.parametrize(
    "argv",
    [["info"], ["info", "--db", "{db}"], ["search", "--db", "{db}", "Peskov"]],
    ids=["info", "info --db", "search --db"],
)
def test_a_headless_command_loads_no_window_and_no_qt(
    tmp_path: Path, sample_path: Path, argv: list[str]
) -> None:
    args = [a.format(db=sample_path) for a in argv]
    code = f"import sys; from app.cli import main; sys.exit(main({args!r}))"
    loaded = _loaded_modules(code, tmp_path)
    assert "app.cli" in loaded
    assert sorted(m for m in loaded if m.startswith("app.ui")) == []
    assert sorted(m for m in loaded if m.startswith("PySide6")) == []
