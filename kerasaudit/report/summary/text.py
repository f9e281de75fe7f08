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
    if n_bytes >= 1024 ** 6:  # past petabytes (and past what a float holds): keep it exact
        return f"{n_bytes // 1024 ** 5:,} PB"
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
        # Keras shows no connections for the rows of an expanded nested model.
        connected = (", ".join(row.connected_to) or "-") if not depth else "-"
        out.append((f"{prefix}{row.name} ({row.class_name})", shape_text(row.output_shape) + marker,
                    count_text(row.params), connected, str(row.line),
                    count_text(row.flops), "?" if row.activation_bytes is None else readable_size(row.activation_bytes)))
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
    lines += cost_lines(model)
    if model.error:
        lines.append(f" Keras would refuse to build this model: {model.error}")
    if model.total_params is None and model.unknown_reason:
        lines.append(f" Totals unknown: {model.unknown_reason}")
    for i, note in enumerate(notes, 1):
        lines.append(f" [{i}] {note}")
    return lines


def cost_lines(model: ModelSummary) -> list[str]:
    """Per-sample cost and memory (kerasaudit.cost; one multiply-add = 2 FLOPs)."""
    if model.flops is None:
        flops = f" FLOPs per sample: ? ({model.cost_reason})" if model.cost_reason else " FLOPs per sample: ?"
    else:
        flops = f" FLOPs per sample: {model.flops:,} ({model.macs:,} multiply-adds)"
    if model.activation_bytes is None:
        activations = " Activation memory per sample: ?" + (f" ({model.activation_reason})"
                                                            if model.activation_reason else "")
    else:
        activations = f" Activation memory per sample: {readable_size(model.activation_bytes)}"
    if model.param_bytes is None:
        params = " Parameter memory: ?" + (f" ({model.param_bytes_reason})" if model.param_bytes_reason else "")
    else:
        params = " Parameter memory: " + (", ".join(f"{readable_size(b)} {dtype}"
                                                     for dtype, b in sorted(model.param_bytes.items())) or "0")
    return [flops, activations, params]


def weight_lines(model: ModelSummary) -> list[str]:
    """``--weights``: the model.get_weights() list, indexed as Python would index it."""
    if model.weights is None:
        return [f"Weights (model.get_weights()): unknown ({model.weights_reason})"]
    header = ("#", "Layer", "Weight", "Shape", "Count", "Trainable")
    rows = [(str(i), w.layer, w.name, tuple_text(w.shape), count_text(w.count),
             "?" if w.trainable is None else ("yes" if w.trainable else "no")) for i, w in enumerate(model.weights)]
    return ["Weights (model.get_weights() order):", *_align([header, *rows], right={0, 4})]


def tuple_text(dims: list) -> str:
    """A weight shape as Python prints ``w.shape``: ``(3, 3, 1, 32)``, ``(32,)``."""
    cells = ["?" if d is None else str(d) for d in dims]
    return "(" + ", ".join(cells) + ("," if len(cells) == 1 else "") + ")"


def _align(table: list[tuple[str, ...]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    return ["  " + "  ".join(c.rjust(w) if i in right else c.ljust(w)
                             for i, (c, w) in enumerate(zip(r, widths))).rstrip() for r in table]


def _columns(model: ModelSummary, cost: bool) -> list[int]:
    """Which of the row's cells to show: Keras's columns, the line, and the cost columns."""
    return [0, 1, 2] + ([3] if not model.sequential_like else []) + [4] + ([5, 6] if cost else [])


HEADER = ("Layer (type)", "Output Shape", "Param #", "Connected to", "Line", "FLOPs", "Activations")


def render_plain(model: ModelSummary, cost: bool = False) -> str:
    notes: list[str] = []
    rows = _rows(model, notes)
    header = HEADER
    keep = _columns(model, cost)
    table = [tuple(r[i] for i in keep) for r in [header, *rows]]
    widths = [max(len(r[i]) for r in table) for i in range(len(keep))]
    right = {2} | {i for i, k in enumerate(keep) if k in (4, 5, 6)}

    def fmt(r: tuple[str, ...]) -> str:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))]
        return "  ".join(cells).rstrip()

    rule = "-" * len(fmt(table[0]))
    out = [_title(model), fmt(table[0]), rule.replace("-", "=")]
    out += [fmt(r) for r in table[1:]]
    out.append(rule)
    out += _footer(model, notes)
    return "\n".join(out) + "\n"


def render_rich(model: ModelSummary, cost: bool = False) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    notes: list[str] = []
    rows = _rows(model, notes)
    table = Table(box=box.HEAVY_HEAD, show_lines=True, title=None)
    keep = _columns(model, cost)
    for k in keep:
        table.add_column(HEADER[k], justify="right" if k in (2, 4, 5, 6) else "left",
                         style="dim" if k == 4 else None)
    for r in rows:
        table.add_row(*[_escape(r[k]) for k in keep])
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
        if result.status == "skipped" and not result.diagnostics:
            parts.append(f"{header}: skipped ({result.skip_reason})\n")
            continue
        for d in result.diagnostics:
            if d.code in ("KA001", "KA002", "KA003", "KA004"):
                parts.append(f"{result.path}:{d.line}:{d.col + 1}: {d.code} {d.message}\n")
        if not result.models:
            if result.status == "checked" and not options.quiet:
                parts.append(f"{header}: no Keras model found\n")
            continue
        parts.append(f"{header}\n")
        cost = bool(options.extra.get("cost"))
        for model in result.models:
            parts.append(render_rich(model, cost) if options.color else render_plain(model, cost))
            if options.weights:
                parts.append("\n" + "\n".join(weight_lines(model)) + "\n")
            parts.append("\n")
    return "".join(parts)
