"""Comments of a source file, by line, without a second parse.

``ast`` drops comments. A ``#`` starts a comment unless it sits inside a string
literal, and the syntax tree knows exactly where every string literal is, so the
comments of the lines that contain ``#`` can be read off the text directly.
"""

from __future__ import annotations

import ast
from bisect import bisect_right


def string_spans(tree: ast.AST) -> dict[int, list[tuple[int, int]]]:
    """For each line, the column ranges covered by string literals (multi-line ones too)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes))):
            start, end = node.lineno, node.end_lineno or node.lineno
            end_col = node.end_col_offset if node.end_col_offset is not None else 10 ** 9
            for line in range(start, end + 1):
                a = node.col_offset if line == start else 0
                b = end_col if line == end else 10 ** 9
                spans.setdefault(line, []).append((a, b))
    for ranges in spans.values():
        ranges.sort()
    return spans


def comments_by_line(text: str, tree: ast.AST) -> dict[int, str]:
    """``{line: comment text without the leading #}`` for every line that has a comment."""
    spans: dict[int, list[tuple[int, int]]] | None = None
    out: dict[int, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if "#" not in line:
            continue
        if spans is None:
            spans = string_spans(tree)
        ranges = spans.get(number, [])
        starts = [a for a, _ in ranges]
        col = line.find("#")
        while col != -1:
            i = bisect_right(starts, col) - 1
            if i >= 0 and ranges[i][0] <= col < ranges[i][1]:
                col = line.find("#", ranges[i][1])
                continue
            out[number] = line[col + 1:].strip()
            break
    return out
