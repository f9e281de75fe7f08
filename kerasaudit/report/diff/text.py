"""``kerasaudit diff`` as text, for a terminal."""

from __future__ import annotations

from typing import Any

from ...diff.run import DiffResult
from ._format import layer_summary, model_title, totals_lines

MARKS = {"added": "+", "removed": "-", "changed": "~"}


def render(result: DiffResult, options: Any = None) -> str:
    out = [f"kerasaudit diff {result.base}..{result.head}"]
    if not result.changed:
        out.append("No model changes.")
    for f in result.files:
        if not f.models and not f.problems:
            continue
        moved = f" (renamed from {f.old_path})" if f.old_path else ""
        out.append("")
        out.append(f"{f.path}{moved}")
        for problem in f.problems:
            out.append(f"  note: {problem}")
        for m in f.models:
            out.append(f"  {model_title(m)}")
            out += [f"    {line}" for line in totals_lines(m)]
            for layer in m.layers:
                where = f"base line {layer.line}" if layer.status == "removed" else f"line {layer.line}"
                out.append(f"    {MARKS[layer.status]} {layer.name} ({layer.class_name}), {where}: "
                           f"{layer_summary(layer)}")
    return "\n".join(out) + "\n"
