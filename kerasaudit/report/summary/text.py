"""``kerasaudit summary``: a table per model like Keras's ``model.summary()``, plus the
source line of every layer and the reason behind every unknown. Rich in a terminal,
plain aligned text when piped."""

from __future__ import annotations

import io

from ...analysis.shapes import shape_text
from ...results import FileResult, LayerRow, ModelSummary
from .. import ReportOptions


def readable_size(n_bytes: float) -> str:
    """Keras's ``readable_memory_size``."""
    for unit in ["B", "KB", "MB", "GB", "TB", "PB"]:
        if n_bytes / 1024 < 1:
            return f"{n_bytes:.2f} {unit}"
        n_bytes /= 1024
    return f"{n_bytes:.2f} PB"


def count_text(n: int | None) -> str:
    return "?" if n is None else f"{n:,}"


def total_line(label: str, n: int | None) -> str:
    if n is None:
        return f" {label}: ?"
    return f" {label}: {n:,} ({readable_size(n * 4)})"


def _rows(model: ModelSummary, notes: list[str], depth: int = 0) -> list[tuple[str, ...]]:
    out = []
    for row in model.layers:
        prefix = "   " * depth + ("└ " if depth else "")
        marker = ""
        if row.error or row.unknown_reason:
            notes.append(f"{row.name} (line {row.line}): " + (f"Keras would raise: {row.error}" if row.error
                                                                else str(row.unknown_reason)))
            marker = f" [{len(notes)}]"
        out.append((f"{prefix}{row.name} ({row.class_name})", shape_text(row.output_shape) + marker,
                    count_text(row.params), ", ".join(row.connected_to) or "-", str(row.line)))
        if row.nested is not None:
            out.extend(_rows(row.nested, notes, depth + 1))
    return out


def _title(model: ModelSummary) -> str:
    where = f"{model.kind}, line {model.line}"
    if model.builder:
        where += f", built in {model.builder}()"
    if model.name != model.keras_name:
        where = f"Keras name \"{model.keras_name}\", " + where
    return f'Model: "{model.name}" ({where})'


def _footer(model: ModelSummary, notes: list[str]) -> list[str]:
    lines = [total_line("Total params", model.total_params),
             total_line("Trainable params", model.trainable_params),
             total_line("Non-trainable params", model.non_trainable_params)]
    if model.error:
        lines.append(f" Keras would refuse to build this model: {model.error}")
    if model.total_params is None and model.unknown_reason:
        lines.append(f" Totals unknown: {model.unknown_reason}")
    for i, note in enumerate(notes, 1):
        lines.append(f" [{i}] {note}")
    return lines


def render_plain(model: ModelSummary) -> str:
    notes: list[str] = []
    rows = _rows(model, notes)
    header = ("Layer (type)", "Output Shape", "Param #", "Connected to", "Line")
    keep = [0, 1, 2] + ([3] if not model.sequential_like else []) + [4]
    table = [tuple(r[i] for i in keep) for r in [header, *rows]]
    widths = [max(len(r[i]) for r in table) for i in range(len(keep))]
    right = {2, len(keep) - 1}

    def fmt(r: tuple[str, ...]) -> str:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))]
        return "  ".join(cells).rstrip()

    rule = "-" * len(fmt(table[0]))
    out = [_title(model), fmt(table[0]), rule.replace("-", "=")]
    out += [fmt(r) for r in table[1:]]
    out.append(rule)
    out += _footer(model, notes)
    return "\n".join(out) + "\n"


def render_rich(model: ModelSummary) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    notes: list[str] = []
    rows = _rows(model, notes)
    table = Table(box=box.HEAVY_HEAD, show_lines=True, title=None)
    table.add_column("Layer (type)")
    table.add_column("Output Shape")
    table.add_column("Param #", justify="right")
    if not model.sequential_like:
        table.add_column("Connected to")
    table.add_column("Line", justify="right", style="dim")
    for r in rows:
        cells = [r[0], r[1], r[2]] + ([r[3]] if not model.sequential_like else []) + [r[4]]
        table.add_row(*cells)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=120, highlight=False)
    console.print(f"[bold]{_escape(_title(model))}[/bold]")
    console.print(table)
    for line in _footer(model, notes):
        console.print(_escape(line))
    return buffer.getvalue()


def _escape(text: str) -> str:
    from rich.markup import escape
    return escape(text)


def render(results: list[FileResult], options: ReportOptions) -> str:
    parts = []
    for result in results:
        header = f"{result.path}"
        if result.status == "skipped":
            parts.append(f"{header}: skipped ({result.skip_reason})\n")
            continue
        for d in result.diagnostics:
            if d.code in ("KA001", "KA002", "KA004"):
                parts.append(f"{result.path}:{d.line}:{d.col + 1}: {d.code} {d.message}\n")
        if not result.models:
            if result.status == "checked":
                parts.append(f"{header}: no Keras model found\n")
            continue
        parts.append(f"{header}\n")
        for model in result.models:
            parts.append(render_rich(model) if options.color else render_plain(model))
            parts.append("\n")
    return "".join(parts)
