"""``--format full`` (the default in a terminal): each diagnostic with its location, code,
message and the source it points at, underlined::

    model.py:12:9: KA201 Add needs inputs of one shape, got (None, 32) and (None, 64)
       |
    12 |     y = layers.Add()([a, b])
       |         ^^^^^^^^^^^^^^^^^^^^ KA201 shape-mismatch (error)
       |

then ``Found 3 problems (1 error, 2 warnings).`` unless ``--quiet``. Coloured with rich
when ``options.color`` (a terminal without ``NO_COLOR``), plain otherwise.
"""

from __future__ import annotations

import io
from typing import Any

from ...results import Diagnostic, FileResult
from .. import ReportOptions
from ..positions import source_lines, span

SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
MAX_SNIPPET_LINES = 4
TAB = "    "


def _expand(text: str, upto: int | None = None) -> str:
    return (text if upto is None else text[:upto]).replace("\t", TAB)


def snippet(result: FileResult, d: Diagnostic) -> list[tuple[str, str, str]]:
    """(gutter, text, style) rows: the source lines of the span with an underline on each."""
    lines = source_lines(result)
    where = span(result, d)
    if not 0 < where.line <= len(lines):
        return []
    last = min(where.end_line, len(lines))
    numbers = list(range(where.line, last + 1))
    if len(numbers) > MAX_SNIPPET_LINES:
        numbers = numbers[:2] + [-1] + numbers[-1:]
    width = len(str(last))
    rows: list[tuple[str, str, str]] = [(" " * width + " |", "", "")]
    for n in numbers:
        if n == -1:
            rows.append(("." * width + " |", " ...", "dim"))
            continue
        text = lines[n - 1]
        rows.append((f"{n:>{width}} |", " " + _expand(text), ""))
        start = where.column - 1 if n == where.line else len(text) - len(text.lstrip())
        end = where.end_column - 1 if n == where.end_line else len(text)
        lo, hi = len(_expand(text, start)), len(_expand(text, end))
        if n == where.line or hi > lo:
            marks = "^" * max(hi - lo, 1)
            label = f" {d.code} {d.name} ({d.severity})" if n == where.end_line or n == numbers[-1] else ""
            rows.append((" " * width + " |", " " + " " * lo + marks + label, SEVERITY_STYLE.get(d.severity, "")))
    rows.append((" " * width + " |", "", ""))
    return rows


def _counts(results: list[FileResult]) -> str:
    by: dict[str, int] = {}
    for r in results:
        for d in r.diagnostics:
            by[d.severity] = by.get(d.severity, 0) + 1
    total = sum(by.values())
    if not total:
        return "All checks passed!"
    parts = []
    for severity in ("error", "warning", "info"):
        n = by.get(severity, 0)
        if n:
            parts.append(f"{n} {severity}" + ("s" if n != 1 and severity != "info" else ""))
    return f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)})."


class _PlainText:
    """The part of rich's Text this reporter uses, for plain output: rich is then never
    imported (it costs more start-up time than a small check run)."""

    def __init__(self, text: str = "", style: str | None = None) -> None:
        self.plain = text

    def append(self, text: str, style: str | None = None) -> None:
        self.plain += text


def render(results: list[FileResult], options: ReportOptions) -> str:
    Text: Any = _PlainText
    if options.color:
        from rich.text import Text
    texts: list[Any] = []
    for r in results:
        for d in r.diagnostics:
            where = span(r, d)
            head = Text()
            head.append(f"{r.path}:{where.line}:{where.column}:", style="bold")
            head.append(" ")
            head.append(d.code, style=SEVERITY_STYLE.get(d.severity, "bold"))
            head.append(f" {d.message}")
            texts.append(head)
            if options.show_source:
                for gutter, text, style in snippet(r, d):
                    row = Text()
                    row.append(gutter, style="blue")
                    row.append(text, style=style)
                    texts.append(row)
            else:
                texts[-1].append(f" [{d.name}]", style="dim")
        if r.status == "skipped" and r.skip_reason and not r.diagnostics and not options.quiet:
            texts.append(Text(f"{r.path}: skipped ({r.skip_reason})", style="dim"))
    if not options.quiet:
        if texts:
            texts.append(Text(""))
        texts.append(Text(_counts(results), style="bold"))
    if not options.color:
        return "".join(t.plain.rstrip() + "\n" for t in texts)
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", highlight=False,
                      soft_wrap=True, width=10_000)
    for t in texts:
        console.print(t)
    return buffer.getvalue()
