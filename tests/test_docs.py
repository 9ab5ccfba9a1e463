"""The docs' examples run: each page's ```python blocks in order, as one session, against a built graph.

A ```python block followed by an ```output block must print exactly that output.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import matplotlib
import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = ["python-api.md", "exports.md", "plots.md"]
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def examples(page: Path) -> list[tuple[str, str | None, int]]:
    """(code, expected output or None, line) for each python block of a page."""
    text = page.read_text(encoding="utf-8")
    blocks = [(m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1) for m in BLOCK.finditer(text)]
    found = []
    for i, (kind, body, line) in enumerate(blocks):
        if kind == "python":
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            expected = following[1] if following and following[0] == "output" else None
            found.append((body, expected, line))
    return found


def test_every_page_has_python_examples_with_checked_output():
    for name in PAGES:
        found = examples(DOCS / name)
        assert len(found) >= 3, name
        assert sum(expected is not None for _, expected, _ in found) >= 3, name


@pytest.mark.parametrize("name", PAGES)
def test_the_page_examples_run(name, built_store_path, tmp_path, monkeypatch):
    matplotlib.use("Agg")
    monkeypatch.setenv("GCMKG_STORE", str(built_store_path))
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": f"docs.{name}"}
    for code, expected, line in examples(DOCS / name):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{DOCS / name}:{line}", "exec"), namespace)
        if expected is not None:
            assert printed.getvalue() == expected, f"{name}:{line}"
