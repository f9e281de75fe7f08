"""``kerasaudit diff --format github``: a notice annotation on the line of each added or
changed layer (and on the model's line for its totals and removed layers), which GitHub
shows on the pull request's diff."""

from __future__ import annotations

from typing import Any

from ...diff.run import DiffResult
from ..diagnostics.github import command
from ._format import layer_summary, totals_lines


def render(result: DiffResult, options: Any = None) -> str:
    out = []
    for f in result.files:
        for m in f.models:
            if m.status == "removed":
                continue  # nothing in the new code to annotate
            totals = "; ".join(totals_lines(m))
            removed = [f"{layer.name} ({layer.class_name})" for layer in m.layers if layer.status == "removed"]
            message = totals + (f"; removed layers: {', '.join(removed)}" if removed else "")
            out.append(command("notice", message, file=f.path, line=m.line,
                               title=f"kerasaudit: model {m.name} {m.status}"))
            for layer in m.layers:
                if layer.status == "removed":
                    continue
                out.append(command("notice", layer_summary(layer), file=f.path, line=layer.line,
                                   title=f"kerasaudit: {layer.status} {layer.name} ({layer.class_name})"))
    return "".join(line + "\n" for line in out)
