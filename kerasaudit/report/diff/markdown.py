"""``kerasaudit diff --format markdown``: a pull-request comment (GitHub-flavoured)."""

from __future__ import annotations

from typing import Any

from ...diff.run import DiffResult
from ..summary.markdown import cell
from ._format import ARROW, count, number_change, shape, shape_change, totals_lines

BADGES = {"added": "added", "removed": "removed", "changed": "changed"}


def render(result: DiffResult, options: Any = None) -> str:
    out = [f"### kerasaudit: model changes ({result.base} {ARROW} {result.head})", ""]
    if not result.changed:
        out.append("No model changes.")
    for f in result.files:
        if not f.models and not f.problems:
            continue
        moved = f" (renamed from `{cell(f.old_path)}`)" if f.old_path else ""
        for m in f.models:
            out.append(f"#### `{cell(f.path)}`{moved}: model `{cell(m.name)}` ({m.status})")
            out.append("")
            out += [f"- {'**' + line + '**' if i == 0 else line}" for i, line in enumerate(totals_lines(m))]
            if m.layers:
                out += ["", "| | Layer | Line | Output shape | Params | FLOPs |",
                        "| --- | --- | ---: | --- | ---: | ---: |"]
                for layer in m.layers:
                    if layer.status == "added":
                        cells = [shape(layer.output_shape.head), count(layer.params.head), count(layer.flops.head)]
                    elif layer.status == "removed":
                        cells = [shape(layer.output_shape.base), count(layer.params.base), count(layer.flops.base)]
                    else:
                        cells = [shape_change(layer.output_shape), number_change(layer.params),
                                 number_change(layer.flops)]
                    name = f"{layer.name} ({layer.class_name})"
                    if layer.arguments:
                        name += ": " + ", ".join(f"`{k}` {c.base!r} {ARROW} {c.head!r}"
                                                 for k, c in layer.arguments.items())
                    line = f"base {layer.line}" if layer.status == "removed" else str(layer.line)
                    out.append("| " + " | ".join(cell(c) for c in [BADGES[layer.status], name, line,
                                                                     *cells]) + " |")
            out.append("")
        for problem in f.problems:
            out.append(f"> `{cell(f.path)}`: {cell(problem)}")
            out.append("")
    out.append("<sub>Computed statically by kerasaudit from the source: nothing was imported or run.</sub>")
    return "\n".join(out) + "\n"
