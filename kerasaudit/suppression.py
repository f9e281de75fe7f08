"""Suppression comments.

- ``# noqa: KA101, KA102`` or ``# kerasaudit: ignore[KA101]`` on a line: those codes, on
  diagnostics that start or end on that line (so a multi-line call can carry it on its
  closing line);
- a bare ``# noqa`` (or ``# kerasaudit: ignore``): every code on that line;
- ``# kerasaudit: noqa`` anywhere in the file: every code in the file (syntax and internal
  errors excepted); ``# kerasaudit: noqa: KA101`` only those codes, in the whole file.

Codes of other tools (``# noqa: E501``) are left alone. Which suppressions suppressed
nothing is kept, for the unused-suppression rule (KA901).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .results import Diagnostic

# The codes after `noqa:` are a comma/space separated list of LETTERS+DIGITS words.
_CODES = r"[A-Za-z]+[0-9]+(?:\s*,\s*[A-Za-z]+[0-9]+|\s+[A-Za-z]+[0-9]+)*"
_NOQA = re.compile(rf"(?i)(?<![\w:])noqa\b(?:\s*:\s*(?P<codes>{_CODES}))?")
_IGNORE = re.compile(r"(?i)\bkerasaudit\s*:\s*ignore\b(?:\[(?P<codes>[^\]]*)\])?")
_FILE = re.compile(rf"(?i)\bkerasaudit\s*:\s*noqa\b(?:\s*:\s*(?P<codes>{_CODES}))?")
# Syntax and internal errors are never suppressed: the file was not (fully) analysed.
UNSUPPRESSIBLE = ("KA001", "KA004")


def parse_codes(text: str | None) -> set[str] | None:
    """None means every code."""
    if not text or not text.strip():
        return None
    return {c.strip().upper() for c in re.split(r"[\s,]+", text) if c.strip()}


@dataclass
class Suppression:
    """One suppression comment and what it suppressed."""

    line: int
    col: int  # of the comment's ``#``, 0-based characters
    codes: set[str] | None  # None: every code
    file_level: bool = False
    used: set[str] = field(default_factory=set)

    def covers(self, code: str) -> bool:
        return self.codes is None or code in self.codes


def find_suppressions(positions: dict[int, tuple[int, str]]) -> list[Suppression]:
    """Every suppression comment, from ``comments.comment_positions``."""
    out: list[Suppression] = []
    for line, (col, comment) in positions.items():
        file_match = _FILE.search(comment)
        if file_match:
            out.append(Suppression(line, col, parse_codes(file_match.group("codes")), file_level=True))
            continue
        match = _IGNORE.search(comment) or _NOQA.search(comment)
        if match:
            out.append(Suppression(line, col, parse_codes(match.group("codes"))))
    return out


def suppress(diagnostics: list[Diagnostic], suppressions: list[Suppression]) -> list[Diagnostic]:
    """The diagnostics no suppression covers; marks the suppressions that were used."""
    by_line: dict[int, list[Suppression]] = {}
    whole_file = [s for s in suppressions if s.file_level]
    for s in suppressions:
        if not s.file_level:
            by_line.setdefault(s.line, []).append(s)
    kept = []
    for d in diagnostics:
        if d.code in UNSUPPRESSIBLE:
            kept.append(d)
            continue
        lines = {d.line, d.end_line if d.end_line is not None else d.line}
        hit = [s for s in whole_file if s.covers(d.code)]
        hit += [s for ln in lines for s in by_line.get(ln, []) if s.covers(d.code)]
        for s in hit:
            s.used.add(d.code)
        if not hit:
            kept.append(d)
    return kept
