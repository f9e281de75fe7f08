"""Comments of a source file, by line, without a second parse.

``ast`` drops comments. One regular-expression scan over the text (in C, so it costs
almost nothing) finds string literals and comments left to right: a ``#`` inside a string
is consumed with the string, so every ``#...`` match is a real comment. The text has
already been parsed by ``ast`` with this Python's grammar, so its strings are well formed.
"""

from __future__ import annotations

import re

_TOKENS = re.compile(
    r"""(?P<string>(?:[rRbBuUfF]{1,2})?(?:'''(?:[^\\]|\\.)*?'''|\"\"\"(?:[^\\]|\\.)*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"))"""
    r"""|(?P<comment>\#[^\r\n]*)""",
    re.DOTALL,
)
_LINE_END = re.compile(r"\r\n|\r|\n")


def comments_by_line(text: str, tree: object = None) -> dict[int, str]:
    """``{line: comment text without the leading #}`` for every line that has a comment."""
    return {line: comment for line, (_, comment) in comment_positions(text).items()}


def comment_positions(text: str, tree: object = None) -> dict[int, tuple[int, str]]:
    """``{line: (column of the #, 0-based characters; comment text without the #)}``."""
    if "#" not in text:
        return {}
    out: dict[int, tuple[int, str]] = {}
    line = 1
    pos = 0
    for match in _TOKENS.finditer(text):
        if match.lastgroup != "comment":
            continue
        start = match.start()
        line += text.count("\n", pos, start)
        pos = start
        line_start = text.rfind("\n", 0, start) + 1
        out[line] = (start - line_start, match.group("comment")[1:].strip())
    return out


def source_lines(text: str) -> list[str]:
    """The lines as Python numbers them: only ``\\n``, ``\\r\\n`` and ``\\r`` end a line
    (``str.splitlines`` also splits on form feeds and Unicode separators, which would
    shift every line number after them)."""
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines
