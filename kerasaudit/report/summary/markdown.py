"""``kerasaudit summary --format markdown``: GitHub-flavoured Markdown tables, one per
model, ready for a pull-request comment, a README or a notebook."""

from __future__ import annotations

from ...analysis.shapes import shape_text
from ...results import FileResult, ModelSummary
from .. import ReportOptions
from .text import count_text, readable_size, tuple_text


def cell(text: str) -> str:
    """A table cell: pipes escaped, line breaks flattened, backticks kept literal."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def row(cells: list[str]) -> str:
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def model_markdown(path: str, model: ModelSummary, weights: bool = False) -> list[str]:
    title = f"### `{cell(path)}`: model `{cell(model.name)}` ({model.kind}, line {model.line}"
    title += f", built in `{cell(model.builder)}()`)" if model.builder else ")"
    connected = not model.sequential_like
    header = ["Layer (type)", "Output Shape", "Param #"] + (["Connected to"] if connected else []) + ["FLOPs", "Line"]
    align = ["---", "---", "---:"] + (["---"] if connected else []) + ["---:", "---:"]
    out = [title, "", "| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    notes: list[str] = []
    for r in model.layers:
        shape = shape_text(r.output_shape)
        if r.error or r.unknown_reason:
            notes.append(f"`{r.name}` (line {r.line}): " + (f"Keras would raise: {r.error}" if r.error
                                                             else str(r.unknown_reason)))
            shape += f" [{len(notes)}]"
        cells = [f"{r.name} ({r.class_name})", shape, count_text(r.params)]
        if connected:
            cells.append(", ".join(r.connected_to) or "-")
        out.append(row(cells + [count_text(r.flops), str(r.line)]))
    out.append("")
    facts = [f"**Total params: {count_text(model.total_params)}**",
             f"Trainable: {count_text(model.trainable_params)}",
             f"Non-trainable: {count_text(model.non_trainable_params)}"]
    flops = "?" if model.flops is None else f"{model.flops:,} ({model.macs:,} multiply-adds)"
    facts.append(f"FLOPs per sample: {flops}")
    if model.activation_bytes is not None:
        facts.append(f"Activation memory per sample: {readable_size(model.activation_bytes)}")
    if model.param_bytes is not None:
        facts.append("Parameter memory: " + ", ".join(f"{readable_size(b)} {d}"
                                                      for d, b in sorted(model.param_bytes.items())))
    out.append(" · ".join(facts))
    if model.error:
        out += ["", f"> Keras would refuse to build this model: {model.error}"]
    if model.total_params is None and model.unknown_reason:
        out += ["", f"> Totals unknown: {model.unknown_reason}"]
    if notes:
        out.append("")
        out += [f"{i}. {note}" for i, note in enumerate(notes, 1)]
    if weights and model.weights is not None:
        out += ["", "<details><summary>Weights (model.get_weights() order)</summary>", "",
                "| # | Layer | Weight | Shape | Count | Trainable |", "| ---: | --- | --- | --- | ---: | --- |"]
        for i, w in enumerate(model.weights):
            trainable = "?" if w.trainable is None else ("yes" if w.trainable else "no")
            out.append(row([str(i), w.layer, w.name, tuple_text(w.shape), count_text(w.count), trainable]))
        out += ["", "</details>"]
    return out + [""]


def render(results: list[FileResult], options: ReportOptions) -> str:
    out: list[str] = []
    for r in results:
        for d in r.diagnostics:
            if d.code in ("KA001", "KA002", "KA004"):
                out += [f"- `{cell(r.path)}:{d.line}`: {d.code} {cell(d.message)}", ""]
        if not r.models and r.status == "checked" and not options.quiet:
            out += [f"`{cell(r.path)}`: no Keras model found", ""]
        for m in r.models:
            out += model_markdown(r.path, m, options.weights)
    return "\n".join(out).rstrip("\n") + "\n" if out else ""
