"""``path:line:col: CODE message``, one line per diagnostic, like ruff's concise format."""

from __future__ import annotations

from ...results import FileResult
from .. import ReportOptions
from ..positions import span


def render(results: list[FileResult], options: ReportOptions) -> str:
    lines = []
    for r in results:
        for d in r.diagnostics:
            where = span(r, d)
            lines.append(f"{r.path}:{where.line}:{where.column}: {d.code} {d.message}")
    return "\n".join(lines) + ("\n" if lines else "")
