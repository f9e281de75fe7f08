"""``kerasaudit diff --format json``: the comparison as data (``version: 1``; additions only)."""

from __future__ import annotations

import json
from typing import Any

from ...diff.compare import Change
from ...diff.run import DiffResult


def change(c: Change) -> dict[str, Any]:
    return {"base": c.base, "head": c.head, "delta": c.delta}


def document(result: DiffResult) -> dict[str, Any]:
    return {
        "version": 1,
        "base": result.base,
        "head": result.head,
        "files": [{
            "path": f.path,
            "status": f.status,
            "old_path": f.old_path,
            "problems": f.problems,
            "models": [{
                "name": m.name,
                "kind": m.kind,
                "status": m.status,
                "line": m.line,
                "base_line": m.base_line,
                **{k: change(c) for k, c in m.totals.items()},
                "layers": [{
                    "name": layer.name,
                    "base_name": layer.base_name,
                    "class": layer.class_name,
                    "status": layer.status,
                    "line": layer.line,
                    "base_line": layer.base_line,
                    "output_shape": {"base": layer.output_shape.base, "head": layer.output_shape.head},
                    "params": change(layer.params),
                    "flops": change(layer.flops),
                    "arguments": {k: {"base": c.base, "head": c.head} for k, c in layer.arguments.items()},
                } for layer in m.layers],
            } for m in f.models],
        } for f in result.files],
    }


def render(result: DiffResult, options: Any = None) -> str:
    return json.dumps(document(result), indent=2, default=repr) + "\n"
