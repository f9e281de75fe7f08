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


def comments_by_line(text: str, tree: object = None) -> dict[int, str]:
    """``{line: comment text without the leading #}`` for every line that has a comment."""
    if "#" not in text:
        return {}
    out: dict[int, str] = {}
    line = 1
    pos = 0
    for match in _TOKENS.finditer(text):
        if match.lastgroup != "comment":
            continue
        start = match.start()
        line += text.count("\n", pos, start)
        pos = start
        out[line] = match.group("comment")[1:].strip()
    return out
