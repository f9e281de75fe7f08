"""Suppression comments: ``# noqa: KA101``, bare ``# noqa``, ``# kerasaudit: ignore[KA101]`` on
the line, and ``# kerasaudit: noqa`` anywhere in the file for the whole file."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .results import Diagnostic

if TYPE_CHECKING:
    from .api import Analysis
    from .settings import Settings

_NOQA = re.compile(r"(?i)\bnoqa\b(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?")
_IGNORE = re.compile(r"(?i)\bkerasaudit:\s*ignore\[(?P<codes>[^\]]*)\]")
_FILE = re.compile(r"(?i)\bkerasaudit:\s*noqa\b")


def parse_codes(text: str | None) -> set[str] | None:
    """None means every code."""
    if not text:
        return None
    return {c.strip().upper() for c in re.split(r"[\s,]+", text) if c.strip()}


def line_suppressions(comments: dict[int, str]) -> dict[int, set[str] | None]:
    out: dict[int, set[str] | None] = {}
    for line, comment in comments.items():
        if _FILE.search(comment):
            continue
        match = _IGNORE.search(comment) or _NOQA.search(comment)
        if match:
            out[line] = parse_codes(match.group("codes"))
    return out


def file_suppressed(comments: dict[int, str]) -> bool:
    return any(_FILE.search(c) for c in comments.values())


def apply_suppressions(diagnostics: list[Diagnostic], analysis: "Analysis", settings: "Settings",
                       path: str) -> list[Diagnostic]:
    from .comments import comments_by_line

    comments = comments_by_line(analysis.text, analysis.tree)
    if not comments:
        return diagnostics
    if file_suppressed(comments):
        return [d for d in diagnostics if d.code in ("KA001", "KA004")]
    by_line = line_suppressions(comments)
    kept = []
    for d in diagnostics:
        codes = by_line.get(d.line, "absent")
        if codes == "absent" or (codes is not None and d.code not in codes):  # type: ignore[operator]
            kept.append(d)
    return kept
