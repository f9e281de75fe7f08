"""The JSON document scripts and CI depend on (``version: 1``). Additions only, never changes."""

from __future__ import annotations

from typing import Any

from ..analysis.shapes import shape_to_json
from ..results import Diagnostic, FileResult, LayerRow, ModelSummary
from .positions import span

VERSION = 1


def diagnostic_json(d: Diagnostic, result: FileResult | None = None) -> dict[str, Any]:
    """Columns are 1-based characters (``end_column`` exclusive); with the file's result at
    hand, byte offsets on non-ASCII lines are converted."""
    if result is not None:
        where = span(result, d)
        line, column, end_line, end_column = where.line, where.column, where.end_line, where.end_column
    else:
        line, column = d.line, d.col + 1
        end_line = d.end_line if d.end_line is not None else d.line
        end_column = (d.end_col if d.end_col is not None else d.col) + 1
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "message": d.message,
    }


def layer_json(row: LayerRow, weights: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": row.name,
        "class": row.class_name,
        "line": row.line,
        "output_shape": shape_to_json(row.output_shape),
        "params": row.params,
        "trainable_params": row.trainable_params,
        "non_trainable_params": row.non_trainable_params,
        "inbound": row.inbound,
        "connected_to": row.connected_to,
    }
    if row.unknown_reason:
        out["unknown_reason"] = row.unknown_reason
    if row.error:
        out["error"] = row.error
    if weights and row.weights is not None:
        out["weights"] = [{"name": w.name, "shape": w.shape, "trainable": w.trainable, "count": w.count}
                          for w in row.weights]
    if row.nested is not None:
        out["nested"] = model_json(row.nested, weights)
    # Additions (kerasaudit.cost): per sample; null when unknown.
    out["macs"] = row.macs
    out["flops"] = row.flops
    if row.flops is None and row.cost_reason:
        out["flops_unknown_reason"] = row.cost_reason
    out["activation_bytes"] = row.activation_bytes
    return out


def model_json(m: ModelSummary, weights: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": m.name,
        "keras_name": m.keras_name,
        "kind": m.kind,
        "line": m.line,
        "builder": m.builder,
        "layers": [layer_json(r, weights) for r in m.layers],
        "total_params": m.total_params,
        "trainable_params": m.trainable_params,
        "non_trainable_params": m.non_trainable_params,
    }
    if m.unknown_reason:
        out["unknown_reason"] = m.unknown_reason
    if m.error:
        out["error"] = m.error
    # Additions (kerasaudit.cost): per sample, one multiply-add = 2 FLOPs; null when unknown.
    out["macs"] = m.macs
    out["flops"] = m.flops
    if m.flops is None and m.cost_reason:
        out["flops_unknown_reason"] = m.cost_reason
    out["activation_bytes"] = m.activation_bytes
    if m.activation_bytes is None and m.activation_reason:
        out["activation_unknown_reason"] = m.activation_reason
    out["param_bytes"] = m.param_bytes
    if m.param_bytes is None and m.param_bytes_reason:
        out["param_bytes_unknown_reason"] = m.param_bytes_reason
    if weights:
        # model.get_weights() order (``summary --weights``).
        out["weights"] = None if m.weights is None else [
            {"layer": w.layer, "name": w.name, "shape": w.shape, "trainable": w.trainable, "count": w.count}
            for w in m.weights]
        if m.weights is None and m.weights_reason:
            out["weights_unknown_reason"] = m.weights_reason
    return out


def file_json(r: FileResult, weights: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": r.path,
        "models": [model_json(m, weights) for m in r.models],
        "diagnostics": [diagnostic_json(d, r) for d in r.diagnostics],
    }
    if r.status != "checked":
        out["status"] = r.status
    if r.skip_reason:
        out["skip_reason"] = r.skip_reason
    return out


def document(results: list[FileResult], weights: bool = False) -> dict[str, Any]:
    return {"version": VERSION, "files": [file_json(r, weights) for r in results]}
