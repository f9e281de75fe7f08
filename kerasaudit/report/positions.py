"""Source positions as users and tools read them.

A :class:`~kerasaudit.results.Diagnostic` carries what ``ast`` gives: 1-based lines and
0-based columns counted in UTF-8 bytes. Editors, GitHub, SARIF and GitLab count
characters from 1. This module is the one place that conversion happens.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePath

from ..results import Diagnostic, FileResult

_NEWLINE = re.compile(r"\r\n|\r|\n")


def source_lines(result: FileResult) -> list[str]:
    """The file's lines as Python numbers them (form feeds and other exotic separators that
    ``str.splitlines`` honours are not line breaks to Python)."""
    if not result.source:
        return []
    cached = getattr(result, "_lines_cache", None)
    if cached is None or cached[0] is not result.source:
        cached = (result.source, _NEWLINE.split(result.source))
        result._lines_cache = cached  # type: ignore[attr-defined]
    return cached[1]


def char_column(line_text: str | None, byte_col: int) -> int:
    """A 0-based UTF-8 byte offset within ``line_text`` as a 0-based character offset."""
    if not line_text or byte_col <= 0 or line_text.isascii():
        return max(byte_col, 0)
    data = line_text.encode("utf-8")
    if byte_col >= len(data):
        return len(line_text) + (byte_col - len(data))
    return len(data[:byte_col].decode("utf-8", errors="ignore"))


@dataclass(frozen=True)
class Span:
    """1-based line and character columns; ``end_column`` is exclusive (points after the
    last character), as in SARIF and ruff's output."""

    line: int
    column: int
    end_line: int
    end_column: int


def span(result: FileResult, d: Diagnostic) -> Span:
    lines = source_lines(result)

    def text(n: int) -> str | None:
        return lines[n - 1] if 0 < n <= len(lines) else None

    line = max(d.line, 1)
    col = char_column(text(line), d.col) + 1
    end_line = d.end_line if d.end_line is not None and d.end_line >= line else line
    end_byte = d.end_col if d.end_col is not None else d.col
    end_col = char_column(text(end_line), end_byte) + 1
    if end_line == line and end_col < col:
        end_col = col
    return Span(line, col, end_line, end_col)


def display_path(path: str) -> str:
    """The path relative to the working directory when it is inside it (CI annotations and
    code-scanning uploads resolve paths against the repository root), POSIX-style."""
    if path in ("-", "<stdin>"):
        return path
    try:
        rel = os.path.relpath(os.path.abspath(path))
    except ValueError:  # another drive on Windows
        return PurePath(path).as_posix()
    if rel.startswith(".."):
        return Path(path).as_posix()
    return PurePath(rel).as_posix()


def all_diagnostics(results: list[FileResult]) -> list[tuple[FileResult, Diagnostic]]:
    return [(r, d) for r in results for d in r.diagnostics]
